import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateBy, ValidateNested } from 'class-validator';
import { IsDateOnly, IsPresentIfSent, IsQueryBoolean, PageQuery, IsName } from '@app/platform';
import {
  Direction,
  DIRECTIONS,
  EVALUATION_STATUSES,
  EvaluationStatus,
  Frequency,
  FREQUENCIES,
  KPI_KINDS,
  KPI_STATUSES,
  KpiKind,
  KpiStatus,
  MAX_ABS_VALUE,
  MAX_BATCH_ITEMS,
  MAX_NOTE_LENGTH,
  MEASUREMENT_SOURCES,
  MeasurementSource,
} from '@app/kpis';
import { ProjectRefDto } from '../portfolio/portfolio.dto';

/** A KPI value: a finite JSON number of sensible size (measurements, not money). */
export const IsKpiValue = (): PropertyDecorator => (target, key) => {
  IsNumber({ allowNaN: false, allowInfinity: false }, { message: ({ property }) => `${property} must be a JSON number` })(target, key);
  Min(-MAX_ABS_VALUE)(target, key);
  Max(MAX_ABS_VALUE)(target, key);
};

class KpiFieldsDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'defaults to the kind\'s standard name; required for custom KPIs', example: 'User satisfaction' })
  @IsPresentIfSent() @IsString() @Length(1, 200)
  @IsName() name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: '"%", "GBP per transaction", "days"...; defaults from the kind', example: '%' })
  @IsOptional() @IsString() @Length(1, 64)
  unit?: string | null;

  @ApiPropertyOptional({ enum: DIRECTIONS, description: 'which way is better; defaults from the kind, required for custom KPIs' })
  @IsPresentIfSent() @IsIn(DIRECTIONS, { message: `direction must be one of ${DIRECTIONS.join(', ')}` })
  direction?: Direction;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 62 })
  @IsOptional() @IsKpiValue()
  baselineValue?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2025-04-01' })
  @IsOptional() @IsDateOnly()
  baselineDate?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 85 })
  @IsOptional() @IsKpiValue()
  targetValue?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2027-03-31', description: 'after baselineDate' })
  @IsOptional() @IsDateOnly()
  targetDate?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 5, description: 'points of progress a KPI may fall behind its straight line and be at risk rather than off track' })
  // Not class-validator's maxDecimalPlaces: it throws (a 500) on numbers printed in exponent form, e.g. 3e-323.
  @IsPresentIfSent() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100)
  @ValidateBy({ name: 'twoDecimalPlaces', validator: { validate: (v) => typeof v === 'number' && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, defaultMessage: (args) => `${args?.property} must have at most 2 decimal places` } })
  tolerancePct?: number;

  @ApiPropertyOptional({ enum: FREQUENCIES, default: 'monthly' })
  @IsPresentIfSent() @IsIn(FREQUENCIES, { message: `frequency must be one of ${FREQUENCIES.join(', ')}` })
  frequency?: Frequency;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'Head of Customer Insight' })
  @IsOptional() @IsString() @Length(1, 200)
  owner?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'GOV.UK Notify satisfaction survey' })
  @IsOptional() @IsString() @Length(1, 200)
  dataSource?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;
}

export class CreateKpiDto extends KpiFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ enum: KPI_KINDS, description: 'the four GOV.UK Service Standard KPIs fill in name, unit, direction and definition; or custom' })
  @IsIn(KPI_KINDS, { message: `kind must be one of ${KPI_KINDS.join(', ')}` })
  kind: KpiKind;
}

export class UpdateKpiDto extends KpiFieldsDto {
  @ApiPropertyOptional({ enum: KPI_KINDS, description: 'cannot change; accepted only if it is the current kind' })
  @IsPresentIfSent() @IsIn(KPI_KINDS, { message: `kind must be one of ${KPI_KINDS.join(', ')}` })
  kind?: KpiKind;

  @ApiPropertyOptional({ enum: KPI_STATUSES, description: 'retired KPIs leave the roll-up' })
  @IsPresentIfSent() @IsIn(KPI_STATUSES, { message: `status must be one of ${KPI_STATUSES.join(', ')}` })
  status?: KpiStatus;
}

/** A merge patch of a KPI (RFC 7396): fields left out are kept, null clears an optional one. */
export class UpsertKpiDto extends UpdateKpiDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the project by our id; this or project is required when the KPI is created, and a KPI never moves project' })
  @IsPresentIfSent() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ type: ProjectRefDto, description: "the project by the tool's own reference instead of projectId" })
  @IsPresentIfSent() @IsObject() @ValidateNested() @Type(() => ProjectRefDto)
  project?: ProjectRefDto;
}

/** Measurements of one KPI: the batch's items without kpiId, which the path gives. */
export class KpiMeasurementItemDto {
  @ApiProperty({ format: 'date', example: '2026-03-31' })
  date: string;

  @ApiProperty({ example: 71.5 })
  value: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_NOTE_LENGTH })
  note?: string | null;

  @ApiPropertyOptional({ enum: MEASUREMENT_SOURCES, default: 'integration' })
  source?: MeasurementSource;
}

export class KpiMeasurementBatchDto {
  @ApiProperty({
    type: [KpiMeasurementItemDto],
    maxItems: MAX_BATCH_ITEMS,
    description: 'each item is checked on its own: bad items are reported in the results and the rest are stored',
  })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `items must hold at most ${MAX_BATCH_ITEMS} measurements; split the batch` })
  items: unknown[];
}

export class ListKpisQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  programmeId?: string;

  @ApiPropertyOptional({ enum: KPI_KINDS })
  @IsOptional() @IsIn(KPI_KINDS, { message: `kind must be one of ${KPI_KINDS.join(', ')}` })
  kind?: KpiKind;

  @ApiPropertyOptional({ enum: EVALUATION_STATUSES, description: 'the evaluation status' })
  @IsOptional() @IsIn(EVALUATION_STATUSES, { message: `status must be one of ${EVALUATION_STATUSES.join(', ')}` })
  status?: EvaluationStatus;

  @ApiPropertyOptional({ type: Boolean, description: 'only KPIs whose measurements are (or are not) overdue' })
  @IsOptional()
  @IsQueryBoolean()
  stale?: boolean;

  @ApiPropertyOptional({ enum: KPI_STATUSES, description: 'active or retired KPIs only' })
  @IsOptional() @IsIn(KPI_STATUSES, { message: `lifecycle must be one of ${KPI_STATUSES.join(', ')}` })
  lifecycle?: KpiStatus;
}

export class PutMeasurementDto {
  @ApiProperty({ example: 71.5 })
  @IsKpiValue()
  value: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_NOTE_LENGTH })
  @IsOptional() @IsString() @MaxLength(MAX_NOTE_LENGTH)
  note?: string | null;

  @ApiPropertyOptional({ enum: MEASUREMENT_SOURCES, default: 'manual' })
  @IsPresentIfSent() @IsIn(MEASUREMENT_SOURCES, { message: `source must be one of ${MEASUREMENT_SOURCES.join(', ')}` })
  source?: MeasurementSource;
}

export class MeasurementBatchItemDto {
  @ApiProperty({ format: 'uuid' })
  kpiId: string;

  @ApiProperty({ format: 'date', example: '2026-03-31' })
  date: string;

  @ApiProperty({ example: 71.5 })
  value: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_NOTE_LENGTH })
  note?: string | null;

  @ApiPropertyOptional({ enum: MEASUREMENT_SOURCES, default: 'integration' })
  source?: MeasurementSource;
}

export class MeasurementBatchDto {
  @ApiProperty({
    type: [MeasurementBatchItemDto],
    maxItems: MAX_BATCH_ITEMS,
    description: 'each item is checked on its own: bad items are reported in the results and the rest are stored',
  })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_ITEMS, { message: `items must hold at most ${MAX_BATCH_ITEMS} measurements; split the batch` })
  items: unknown[];
}

export class MeasurementRangeQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: 'on or after' })
  @IsOptional() @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'on or before' })
  @IsOptional() @IsDateOnly()
  to?: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ format: 'date', description: 'evaluate as at this date (default today)' })
  @IsOptional() @IsDateOnly()
  asOf?: string;
}
