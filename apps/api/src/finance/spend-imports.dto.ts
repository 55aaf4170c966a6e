import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { IMPORT_MODES, IMPORT_STATUSES } from '@app/finance';
import { IsDateOnly, PageQuery } from '@app/platform';

export class ImportListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IMPORT_STATUSES })
  @IsOptional() @IsIn(IMPORT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-04-01', description: 'uploaded on or after (UTC date)' })
  @IsOptional() @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-04-30', description: 'uploaded on or before (UTC date)' })
  @IsOptional() @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 255, example: 'payments-2026', description: 'part of the file name, case-insensitive' })
  @IsOptional() @IsString() @Length(1, 255)
  fileName?: string;
}

export class UndoImportDto {
  @ApiProperty({ maxLength: 400, example: 'Imported with the wrong date format' })
  @IsString() @Length(1, 400)
  reason: string;
}

export class RerunImportDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name' }, dateFormat: 'dd/MM/yyyy' }, description: 'the new mapping: { columns, defaults?, dateFormat?, skipRows? }, as for an upload' })
  @IsObject()
  mapping: Record<string, unknown>;

  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'atomic' })
  @IsOptional() @IsIn(IMPORT_MODES)
  mode?: 'atomic' | 'partial';

  @ApiPropertyOptional({ default: false, description: 'import rows the ledger already holds anyway (audited)' })
  @IsOptional() @IsBoolean()
  allowDuplicates?: boolean;
}

export class LastMappingQuery {
  @ApiProperty({ minLength: 1, maxLength: 10000, example: 'Invoice Date,Cost Centre,Supplier Name,Net Amount', description: 'the file\'s header line as CSV; column order does not matter' })
  @IsString() @Length(1, 10_000)
  header: string;
}
