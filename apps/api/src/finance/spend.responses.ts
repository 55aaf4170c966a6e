import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BUDGET_CATEGORIES, COST_TYPES, SPEND_KINDS, SPEND_SOURCES, type BatchOutcome, type SpendKind, type BudgetCategory, type CostType, type RecordedSpend, type SpendSource, type SpendView } from '@app/finance';

/* Response schemas for the OpenAPI document; each `implements` the view the service answers with. */

const MONEY = { pattern: '^-?\\d+(\\.\\d{1,2})?$', example: '1234.50', description: 'money as a decimal string (never a JSON number); negative for a reversal' };

export class SpendResponse implements SpendView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ example: '2026-27', description: "the organisation's financial year the spend falls in" }) financialYear!: string;
  @ApiProperty({ format: 'date', example: '2026-10-14' }) spentOn!: string;
  @ApiProperty(MONEY) amount!: string;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ enum: BUDGET_CATEGORIES }) category!: BudgetCategory;
  @ApiProperty({ enum: COST_TYPES }) costType!: CostType;
  @ApiProperty({ example: 'Acme Digital Ltd' }) supplier!: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: nobody said whether the supplier is an SME' }) supplierIsSme!: boolean | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the supplier in the register' }) supplierId!: string | null;
  @ApiProperty({ enum: SPEND_KINDS, description: 'payment, credit_note or journal' }) kind!: SpendKind;
  @ApiProperty({ type: String, nullable: true, description: 'the purchase order it draws down' }) orderNumber!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'INV-0042' }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the finance system's own id; sending it again is answered with the existing entry" }) externalId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the entry this one reverses' }) reversesId!: string | null;
  @ApiProperty({ type: String, nullable: true }) reversalReason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the CSV import that recorded it' }) importId!: string | null;
  @ApiProperty({ enum: SPEND_SOURCES }) source!: SpendSource;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RecordedSpendResponse extends SpendResponse implements RecordedSpend {
  @ApiProperty({ enum: ['created', 'exists'], description: 'exists: the externalId was already recorded with the same amount' }) result!: 'created' | 'exists';
}

export class SpendEntryResponse extends SpendResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the entry that reverses this one, if any' }) reversedById!: string | null;
}

class SpendItemError {
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class SpendBatchItemResponse {
  @ApiProperty({ minimum: 0, description: 'position in the request' }) index!: number;
  @ApiProperty({ enum: ['created', 'exists', 'conflict', 'duplicate', 'invalid', 'not_found', 'forbidden'] }) result!: string;
  @ApiPropertyOptional({ type: SpendResponse, description: 'created and exists' }) entry?: SpendResponse;
  @ApiPropertyOptional({ description: 'conflict, duplicate, not_found and forbidden' }) detail?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'conflict and duplicate: the entry already recorded' }) existingId?: string;
  @ApiPropertyOptional({ type: [SpendItemError], description: 'invalid' }) errors?: SpendItemError[];
}

export class SpendBatchResponse implements Omit<BatchOutcome, 'results'> {
  @ApiProperty() created!: number;
  @ApiProperty() exists!: number;
  @ApiProperty() conflict!: number;
  @ApiProperty() duplicate!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty() notFound!: number;
  @ApiProperty() forbidden!: number;
  @ApiProperty({ type: [SpendBatchItemResponse], description: 'one per item, in order' }) results!: SpendBatchItemResponse[];
}
