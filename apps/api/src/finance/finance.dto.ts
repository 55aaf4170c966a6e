import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { BUDGET_CATEGORIES, BudgetCategory } from '@app/finance';
import { IsDateOnly, IsMoney, PageQuery } from '@app/platform';
import { IsFinancialYear } from './finance-validators';

export class BudgetDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ pattern: '^\\d{4}-\\d{2}$', example: '2026-27', description: 'financial year; it starts in the organisation\'s start month (April by default)' })
  @IsFinancialYear()
  financialYear: string;

  @ApiProperty({ enum: BUDGET_CATEGORIES })
  @IsIn(BUDGET_CATEGORIES, { message: `category must be one of ${BUDGET_CATEGORIES.join(', ')}` })
  category: BudgetCategory;

  @ApiProperty({ pattern: '^-?\\d{1,13}(\\.\\d{1,2})?$', example: '380000.00', description: 'money as a decimal string' })
  @IsMoney()
  amount: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Phase 2 approved by the investment board', description: 'why the budget is set or changed; kept in the budget history (send it with every change)' })
  @IsOptional() @IsString() @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Investment board, 12 May 2026', description: 'who approved the figure' })
  @IsOptional() @IsString() @Length(1, 200)
  approvedBy?: string;
}

export class BudgetQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ pattern: '^\\d{4}-\\d{2}$', example: '2026-27' })
  @IsOptional() @IsFinancialYear()
  financialYear?: string;
}

export class ForecastDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ pattern: '^\\d{4}-\\d{2}$', example: '2026-27' })
  @IsFinancialYear()
  financialYear: string;

  @ApiProperty({ pattern: '^-?\\d{1,13}(\\.\\d{1,2})?$', example: '410000.00', description: 'forecast outturn for the year, a decimal string' })
  @IsMoney()
  amount: string;

  @ApiProperty({ format: 'date', example: '2026-09-30', description: 'the date the forecast was made; the latest one counts' })
  @IsDateOnly()
  asOf: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Includes the delayed hosting migration' })
  @IsOptional() @IsString() @Length(1, 1000)
  note?: string;
}

export class ForecastQuery extends BudgetQuery {}

export class SummaryQuery {
  @ApiPropertyOptional({ pattern: '^\\d{4}-\\d{2}$', example: '2026-27', description: 'defaults to the current financial year' })
  @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  programmeId?: string;
}
