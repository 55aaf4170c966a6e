import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { BUDGET_CATEGORIES, BudgetCategory, COMMITMENT_KINDS, CommitmentKind, COST_TYPES, CostType, SME_STATUSES, SmeStatus, UNMAPPED_POLICIES, UnmappedPolicy, WHOLE_LIFE_COST_KINDS, WholeLifeCostKind } from '@app/finance';
import { IsDateOnly, IsMoney, IsQueryBoolean, PageQuery } from '@app/platform';
import { IsFinancialYear } from './finance-validators';

const COMPANY_NUMBER = /^[A-Z0-9]{8}$/;

export class SupplierDto {
  @ApiProperty({ example: 'Acme Digital Ltd', maxLength: 200, description: 'matched to entries by normalised name (case, punctuation and company suffix ignored)' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ pattern: '^[A-Z0-9]{8}$', example: '01234567', description: 'Companies House number, 8 characters' })
  @IsOptional() @Matches(COMPANY_NUMBER, { message: 'companyNumber must be a Companies House number: 8 capital letters or digits, e.g. 01234567 or SC123456' })
  companyNumber?: string;

  @ApiPropertyOptional({ enum: SME_STATUSES, default: 'unknown', description: 'unknown is not "no": spend with unknown suppliers is left out of SME share and shown on its own' })
  @IsOptional() @IsIn(SME_STATUSES, { message: `smeStatus must be one of ${SME_STATUSES.join(', ')}` })
  smeStatus?: SmeStatus;
}

export class SupplierPatchDto {
  @ApiPropertyOptional({ enum: SME_STATUSES, example: 'sme' })
  @IsOptional() @IsIn(SME_STATUSES, { message: `smeStatus must be one of ${SME_STATUSES.join(', ')}` })
  smeStatus?: SmeStatus;

  @ApiPropertyOptional({ type: String, pattern: '^[A-Z0-9]{8}$', example: '01234567', nullable: true, description: 'null removes it' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(COMPANY_NUMBER, { message: 'companyNumber must be a Companies House number: 8 capital letters or digits, or null' })
  companyNumber?: string | null;
}

export class SupplierQuery extends PageQuery {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'acme', description: 'part of the name (normalised)' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: SME_STATUSES })
  @IsOptional() @IsIn(SME_STATUSES)
  smeStatus?: string;
}

export class CommitmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ enum: COMMITMENT_KINDS })
  @IsIn(COMMITMENT_KINDS, { message: `kind must be one of ${COMMITMENT_KINDS.join(', ')}` })
  kind: CommitmentKind;

  @ApiProperty({ example: 'PO-2026-0042', maxLength: 100, description: 'spend on the project with this order number draws the commitment down' })
  @IsString() @Length(1, 100)
  orderNumber: string;

  @ApiProperty({ example: 'Acme Digital Ltd', maxLength: 200 })
  @IsString() @Length(1, 200)
  supplier: string;

  @ApiProperty({ enum: BUDGET_CATEGORIES, description: 'capital or resource (revenue)' })
  @IsIn(BUDGET_CATEGORIES, { message: `category must be one of ${BUDGET_CATEGORIES.join(', ')}` })
  category: BudgetCategory;

  @ApiProperty({ enum: COST_TYPES })
  @IsIn(COST_TYPES, { message: `costType must be one of ${COST_TYPES.join(', ')}` })
  costType: CostType;

  @ApiProperty({ format: 'date', example: '2026-05-01', description: 'the date the order or contract was placed; decides its financial year' })
  @IsDateOnly()
  committedOn: string;

  @ApiProperty({ pattern: '^\\d{1,13}(\\.\\d{1,2})?$', example: '120000.00', description: 'money as a decimal string, greater than zero' })
  @IsMoney({ positive: true })
  amount: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Discovery and alpha for the online account' })
  @IsOptional() @IsString() @Length(1, 1000)
  description?: string;
}

export class CommitmentQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ pattern: '^\\d{4}-\\d{2}$', example: '2026-27' })
  @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional({ description: 'true: only commitments with something outstanding; false: only those fully drawn down' })
  @IsOptional() @IsQueryBoolean()
  open?: boolean;
}

export class WholeLifeCostDto {
  @ApiProperty({ enum: WHOLE_LIFE_COST_KINDS, description: 'baseline: the approved whole-life cost; forecast: the current estimate' })
  @IsIn(WHOLE_LIFE_COST_KINDS, { message: `kind must be one of ${WHOLE_LIFE_COST_KINDS.join(', ')}` })
  kind: WholeLifeCostKind;

  @ApiProperty({ enum: BUDGET_CATEGORIES })
  @IsIn(BUDGET_CATEGORIES, { message: `category must be one of ${BUDGET_CATEGORIES.join(', ')}` })
  category: BudgetCategory;

  @ApiProperty({ pattern: '^-?\\d{1,13}(\\.\\d{1,2})?$', example: '2400000.00', description: 'money as a decimal string, over the whole life of the project, every year' })
  @IsMoney()
  amount: string;

  @ApiProperty({ format: 'date', example: '2026-06-30', description: 'when the figure was set; the latest per kind and category counts' })
  @IsDateOnly()
  asOf: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Full business case, approved June 2026' })
  @IsOptional() @IsString() @Length(1, 1000)
  note?: string;
}

export class SplitMappingReplaceDto {
  @ApiProperty({ example: 'Department', maxLength: 200, description: 'the extract column whose values decide the project; the import maps it as columns.split' })
  @IsString() @Length(1, 200)
  column: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'uuid' }, example: { 'Adult Social Care': '6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f', 'Housing': '0b9c6a0e-2f1d-4e8a-9c3b-5d7e1f2a3b4c' }, description: 'value (matched ignoring case and surrounding spaces) to project id' })
  @IsObject()
  values: Record<string, string>;

  @ApiProperty({ enum: UNMAPPED_POLICIES, example: 'reject', description: 'reject: rows with an unmapped value are rejected; holding: they go to holdingProjectId. Either way the values are listed on the import' })
  @IsIn(UNMAPPED_POLICIES, { message: `unmapped must be one of ${UNMAPPED_POLICIES.join(', ')}` })
  unmapped: UnmappedPolicy;

  @ApiPropertyOptional({ format: 'uuid', example: '9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a', description: 'required when unmapped is holding' })
  @IsOptional() @IsUUID('4')
  holdingProjectId?: string;
}

export class SplitMappingDto extends SplitMappingReplaceDto {
  @ApiProperty({ example: 'Payments by department', maxLength: 100 })
  @IsString() @Length(1, 100)
  name: string;
}
