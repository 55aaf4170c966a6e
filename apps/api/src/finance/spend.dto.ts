import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { BUDGET_CATEGORIES, BudgetCategory, COST_TYPES, CostType, MAX_BATCH_ITEMS, SPEND_KINDS, SPEND_SOURCES, SpendKind } from '@app/finance';
import { IsDateOnly, IsMoney, PageQuery } from '@app/platform';
import { IsFinancialYear, IsSignedMoney } from './finance-validators';

const SUPPORTED_CURRENCIES = ['GBP'];

export class SpendEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ example: '2026-05-14', description: 'the date the money was spent (invoice or payment date)' })
  @IsDateOnly()
  spentOn: string;

  @ApiProperty({ example: '1234.50', description: 'decimal string, at most 2 decimal places, up to 13 digits before the point; positive for a payment, negative for a credit note, either for a journal' })
  @IsSignedMoney()
  amount: string;

  @ApiPropertyOptional({ enum: SPEND_KINDS, default: 'payment', description: 'payment; credit_note (a supplier\'s credit, negative); journal (a transfer, either sign). A mistaken entry is corrected by reversing it, not by a credit note' })
  @IsOptional() @IsIn(SPEND_KINDS, { message: `kind must be one of ${SPEND_KINDS.join(', ')}` })
  kind?: SpendKind;

  @ApiPropertyOptional({ maxLength: 100, example: 'PO-2026-0042', description: 'the purchase order or contract this spend draws down (see /v1/commitments)' })
  @IsOptional() @IsString() @Length(1, 100)
  orderNumber?: string;

  @ApiPropertyOptional({ example: 'GBP', default: 'GBP', enum: SUPPORTED_CURRENCIES, description: 'amounts are recorded in sterling; convert before sending' })
  @IsOptional() @IsIn(SUPPORTED_CURRENCIES, { message: 'currency must be GBP; the ledger records sterling amounts' })
  currency?: string;

  @ApiProperty({ enum: BUDGET_CATEGORIES })
  @IsIn(BUDGET_CATEGORIES, { message: `category must be one of ${BUDGET_CATEGORIES.join(', ')}` })
  category: BudgetCategory;

  @ApiProperty({ enum: COST_TYPES })
  @IsIn(COST_TYPES, { message: `costType must be one of ${COST_TYPES.join(', ')}` })
  costType: CostType;

  @ApiProperty({ example: 'Acme Digital Ltd', maxLength: 200 })
  @IsString() @Length(1, 200)
  supplier: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional() @IsBoolean()
  supplierIsSme?: boolean;

  @ApiPropertyOptional({ maxLength: 100, example: 'INV-2026-0042' })
  @IsOptional() @IsString() @Length(1, 100)
  reference?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @IsString() @Length(1, 1000)
  description?: string;

  @ApiPropertyOptional({ maxLength: 128, description: 'the sending system\'s id; unique in the organisation for ever' })
  @IsOptional() @IsString() @Length(1, 128)
  externalId?: string;

  @ApiPropertyOptional({ default: false, description: 'record it even though an entry with the same date, amount, supplier, reference and description exists (a separate payment; audited)' })
  @IsOptional() @IsBoolean()
  allowDuplicate?: boolean;
}

export class SpendBatchDto {
  @ApiProperty({ type: [SpendEntryDto], maxItems: MAX_BATCH_ITEMS, description: 'each item is validated on its own and answered in order' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_ITEMS) @IsObject({ each: true, message: 'each item must be an object' })
  items: Record<string, unknown>[];
}

export class ReversalDto {
  @ApiProperty({ maxLength: 500, example: 'Invoice posted to the wrong project' })
  @IsString() @Length(1, 500)
  reason: string;
}

export class SpendListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'spent on or after' })
  @IsOptional() @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ example: '2027-03-31', description: 'spent on or before' })
  @IsOptional() @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({ description: 'supplier name, case-insensitive exact match' })
  @IsOptional() @IsString() @Length(1, 200)
  supplier?: string;

  @ApiPropertyOptional({ example: '2026-27' })
  @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional({ enum: BUDGET_CATEGORIES })
  @IsOptional() @IsIn(BUDGET_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: COST_TYPES })
  @IsOptional() @IsIn(COST_TYPES)
  costType?: string;

  @ApiPropertyOptional({ enum: SPEND_SOURCES })
  @IsOptional() @IsIn(SPEND_SOURCES)
  source?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  importId?: string;

  @ApiPropertyOptional({ enum: SPEND_KINDS })
  @IsOptional() @IsIn(SPEND_KINDS)
  kind?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional() @IsString() @Length(1, 100)
  orderNumber?: string;
}

export class SpendExportQuery {
  @ApiProperty({ format: 'date', example: '2026-04-01', description: 'spent on or after' })
  @IsDateOnly()
  from: string;

  @ApiProperty({ format: 'date', example: '2027-03-31', description: 'spent on or before' })
  @IsDateOnly()
  to: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  projectId?: string;
}

export const IDEMPOTENCY_KEY_DOC = { name: 'Idempotency-Key', required: true, description: 'one key per logical request; a retry with the same key and body replays the first answer' };
