import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TimestampsResponse } from '@app/platform';
import {
  DIRECTIONS, EVALUATION_STATUSES, FREQUENCIES, KPI_KINDS, KPI_STATUSES, MEASUREMENT_SOURCES,
  type BatchItemResult, type BatchResult, type Direction, type Evaluation, type EvaluationStatus, type Frequency, type ItemStatus, type KpiKind, type KpiStatus, type KpiView, type LatestMeasurement, type MeasurementSource, type MeasurementView,
} from '@app/kpis';

/* Response schemas for the OpenAPI document; each `implements` the view the service answers with. */

const ITEM_STATUSES = ['created', 'updated', 'unchanged', 'invalid', 'not_found', 'forbidden'] as const satisfies readonly ItemStatus[];

export class LatestMeasurementResponse implements LatestMeasurement {
  @ApiProperty({ format: 'date', example: '2026-09-30' }) date!: string;
  @ApiProperty({ example: 81.5 }) value!: number;
}

export class EvaluationResponse implements Evaluation {
  @ApiProperty({ enum: EVALUATION_STATUSES }) status!: EvaluationStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'share of the way from baseline to target reached (may be below 0 or above 100)' }) progressPct!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'where the straight line from baseline to target says it should be by now (0..100)' }) expectedPct!: number | null;
  @ApiProperty({ type: LatestMeasurementResponse, nullable: true }) latest!: LatestMeasurement | null;
  @ApiProperty({ description: 'the last measurement is older than the frequency plus 15 days' }) stale!: boolean;
  @ApiProperty({ example: 'on track: 62% of the way to target, 55% expected by now' }) explanation!: string;
}

export class KpiResponse extends TimestampsResponse implements KpiView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ example: 'User satisfaction' }) name!: string;
  @ApiProperty({ enum: KPI_KINDS }) kind!: KpiKind;
  @ApiProperty({ type: String, nullable: true, description: 'the GOV.UK Service Manual definition for the standard kinds; null for custom KPIs' }) definition!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '%' }) unit!: string | null;
  @ApiProperty({ enum: DIRECTIONS }) direction!: Direction;
  @ApiProperty({ type: Number, nullable: true, example: 62 }) baselineValue!: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) baselineDate!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 85 }) targetValue!: number | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) targetDate!: string | null;
  @ApiProperty({ example: 5 }) tolerancePct!: number;
  @ApiProperty({ enum: FREQUENCIES }) frequency!: Frequency;
  @ApiProperty({ type: String, nullable: true }) owner!: string | null;
  @ApiProperty({ type: String, nullable: true }) dataSource!: string | null;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: KPI_STATUSES }) status!: KpiStatus;
  @ApiProperty({ description: 'has unit, baseline and target with dates' }) measurable!: boolean;
  @ApiProperty({ type: [String], description: 'what it needs to be measurable', example: [] }) missing!: string[];
  @ApiProperty({ type: EvaluationResponse }) evaluation!: Evaluation;
  @ApiProperty({ minimum: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}

export class MeasurementResponse implements MeasurementView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) kpiId!: string;
  @ApiProperty({ format: 'date', example: '2026-09-30' }) date!: string;
  @ApiProperty({ example: 81.5 }) value!: number;
  @ApiProperty({ enum: [...MEASUREMENT_SOURCES, 'derived'], description: 'derived: computed from the ledger' }) source!: MeasurementSource | 'derived';
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ minimum: 1, description: 'send it back in If-Match to correct or withdraw the measurement' }) version!: number;
}

export class MeasurementPutResponse extends MeasurementResponse {
  @ApiProperty({ enum: ['created', 'updated', 'unchanged'], description: 'what this request did' }) result!: 'created' | 'updated' | 'unchanged';
}

export class FieldErrorResponse {
  @ApiProperty({ example: 'items[0].value' }) field!: string;
  @ApiProperty() message!: string;
}

export class BatchItemResultResponse implements BatchItemResult {
  @ApiProperty({ minimum: 0, description: 'position in the request' }) index!: number;
  @ApiProperty({ type: String, nullable: true, description: 'the kpiId as sent (null when not a string)' }) kpiId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the date as sent (null when not a string)' }) date!: string | null;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'created, updated or unchanged items' }) measurementId?: string;
  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'invalid, not_found and forbidden items' }) errors?: FieldErrorResponse[];
}

export class BatchSummaryResponse implements Record<ItemStatus, number> {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty({ name: 'not_found' }) not_found!: number;
  @ApiProperty() forbidden!: number;
}

export class MeasurementBatchResponse implements BatchResult {
  @ApiProperty({ type: [BatchItemResultResponse], description: 'one per item, in order' }) results!: BatchItemResult[];
  @ApiProperty({ type: BatchSummaryResponse }) summary!: Record<ItemStatus, number>;
}
