import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TimestampsResponse } from '@app/platform';
import {
  DIRECTIONS, EVALUATION_STATUSES, FREQUENCIES, KPI_KINDS, KPI_STATUSES, MEASUREMENT_SOURCES,
  type BatchItemResult, type BatchResult, type DerivationView, type Direction, type Evaluation, type EvaluationStatus, type Frequency, type ItemStatus, type KpiCounts, type KpiKind, type KpiStatus, type KpiView, type LatestMeasurement,
  type MeasurementHistory, type MeasurementSource, type MeasurementVersionView, type MeasurementView,
} from '@app/kpis';
import { ExternalRefResponse } from '../portfolio/portfolio.responses';

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
  @ApiProperty({ type: ExternalRefResponse, nullable: true, description: 'set when an integration created it by its own id' }) externalRef!: ExternalRefResponse | null;
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

export class DerivationResponse implements DerivationView {
  @ApiProperty({ format: 'uuid', description: 'the cost_per_transaction KPI' }) kpiId!: string;
  @ApiProperty({ enum: ['ledger'], description: 'its values are spend / transactions per month, computed from the spend ledger' }) derivedFrom!: 'ledger';
  @ApiProperty({ format: 'uuid', description: 'the KPI of the same project counting transactions per month' }) transactionsKpiId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DerivationSetResponse extends DerivationResponse {
  @ApiProperty({ minimum: 0, description: 'measurements computed and written now' }) measurementsWritten!: number;
}

export class KpiCountsResponse implements KpiCounts {
  @ApiProperty({ minimum: 0, name: 'on_track' }) on_track!: number;
  @ApiProperty({ minimum: 0, name: 'at_risk' }) at_risk!: number;
  @ApiProperty({ minimum: 0, name: 'off_track' }) off_track!: number;
  @ApiProperty({ minimum: 0, name: 'no_data' }) no_data!: number;
  @ApiProperty({ minimum: 0, name: 'not_measurable' }) not_measurable!: number;
  @ApiProperty({ minimum: 0, description: 'stale KPIs, also counted under their status' }) stale!: number;
  @ApiProperty({ minimum: 0, description: 'active KPIs' }) total!: number;
}

export class ProjectKpiSummaryResponse {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ format: 'date', example: '2026-10-31', description: 'the date the KPIs are evaluated at' }) asOf!: string;
  @ApiProperty({ type: KpiCountsResponse }) counts!: KpiCounts;
}

export class ProgrammeProjectKpiCountsResponse {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ example: 'CS-01' }) code!: string;
  @ApiProperty({ example: 'Online council tax account' }) name!: string;
  @ApiProperty({ type: KpiCountsResponse }) counts!: KpiCounts;
}

export class ProgrammeKpiSummaryResponse {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ format: 'date', example: '2026-10-31', description: 'the date the KPIs are evaluated at' }) asOf!: string;
  @ApiProperty({ type: KpiCountsResponse, description: "the sum of its projects' counts" }) counts!: KpiCounts;
  @ApiProperty({ type: [ProgrammeProjectKpiCountsResponse], description: 'every project of the programme, KPIs or not' }) projects!: ProgrammeProjectKpiCountsResponse[];
}

export class ChangedByResponse {
  @ApiProperty({ example: 'Priya Shah', description: 'the person or token that made the change' }) name!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId!: string | null;
}

export class MeasurementVersionResponse implements MeasurementVersionView {
  @ApiProperty({ format: 'uuid' }) measurementId!: string;
  @ApiProperty({ minimum: 1, description: 'the version this was' }) version!: number;
  @ApiProperty({ example: 61.8, description: 'the value it had' }) value!: number;
  @ApiProperty({ enum: [...MEASUREMENT_SOURCES, 'derived'] }) source!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time', description: 'when that version was recorded' }) recordedAt!: string;
  @ApiProperty({ enum: ['corrected', 'withdrawn'], description: 'what happened to it' }) change!: 'corrected' | 'withdrawn';
  @ApiProperty({ example: 'Entered the March figure for February' }) reason!: string;
  @ApiProperty({ type: ChangedByResponse }) changedBy!: ChangedByResponse;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export class MeasurementHistoryResponse implements MeasurementHistory {
  @ApiProperty({ format: 'uuid' }) kpiId!: string;
  @ApiProperty({ format: 'date', example: '2026-09-30' }) date!: string;
  @ApiProperty({ type: MeasurementResponse, nullable: true, description: 'the measurement as it stands; null when withdrawn or never recorded' }) current!: MeasurementResponse | null;
  @ApiProperty({ type: [MeasurementVersionResponse], description: 'earlier versions, newest first' }) versions!: MeasurementVersionResponse[];
}
