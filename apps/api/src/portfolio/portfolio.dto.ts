import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsNotEmptyObject, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsCode, IsDateOnly, IsMoney, IsPeriod, PageQuery, IsName, IsPresentIfSent } from '@app/platform';
import { DELIVERY_CONFIDENCE, DeliveryConfidence, LIFECYCLE_STATUSES, LifecycleStatus, Phase, PHASES, RAG, Rag } from '@app/portfolio';

const TEXT_MAX = 10_000;

export class CreateObjectiveDto {
  @ApiProperty({ example: 'OBJ-1' }) @IsCode() code: string;
  @ApiProperty({ example: 'Residents can do business with the council online' }) @IsString() @Length(1, 200) @IsName() title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) description?: string;
}

export class UpdateObjectiveDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) @IsName() title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) description?: string;
  @ApiPropertyOptional({ enum: ['active', 'archived'] }) @IsOptional() @IsIn(['active', 'archived']) status?: 'active' | 'archived';
}

export class ObjectiveQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'archived'] }) @IsOptional() @IsIn(['active', 'archived']) status?: 'active' | 'archived';
}

export class CreateProgrammeDto {
  @ApiProperty({ example: 'CS' }) @IsCode() code: string;
  @ApiProperty({ example: 'Customer Services Transformation' }) @IsString() @Length(1, 200) @IsName() name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) description?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') objectiveId?: string;
  @ApiPropertyOptional({ description: 'senior responsible owner' }) @IsOptional() @IsString() @Length(1, 200) sro?: string;
  @ApiPropertyOptional({ enum: LIFECYCLE_STATUSES }) @IsOptional() @IsIn(LIFECYCLE_STATUSES) status?: LifecycleStatus;
  @ApiPropertyOptional({ example: '2026-04-01' }) @IsOptional() @IsDateOnly() startDate?: string;
  @ApiPropertyOptional({ example: '2029-03-31' }) @IsOptional() @IsDateOnly() endDate?: string;
  @ApiPropertyOptional({ example: '4200000.00', description: 'decimal string' }) @IsOptional() @IsMoney() wholeLifeBudget?: string;
}

export class UpdateProgrammeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) @IsName() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) description?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') objectiveId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) sro?: string;
  @ApiPropertyOptional({ enum: LIFECYCLE_STATUSES, description: 'close or archive; nothing is hard-deleted' }) @IsOptional() @IsIn(LIFECYCLE_STATUSES) status?: LifecycleStatus;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() startDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() endDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsMoney() wholeLifeBudget?: string;
}

export class ProgrammeQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') objectiveId?: string;
  @ApiPropertyOptional({ enum: LIFECYCLE_STATUSES }) @IsOptional() @IsIn(LIFECYCLE_STATUSES) status?: LifecycleStatus;
}

export class CreateProjectDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') programmeId: string;
  @ApiProperty({ example: 'CS-01' }) @IsCode() code: string;
  @ApiProperty({ example: 'Online council tax account' }) @IsString() @Length(1, 200) @IsName() name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) description?: string;
  @ApiPropertyOptional({ example: 'As a council tax payer I need to pay online so that I do not have to phone' })
  @IsOptional() @IsString() @Length(1, 2000) userNeed?: string;
  @ApiProperty({ enum: PHASES }) @IsIn(PHASES) phase: Phase;
  @ApiPropertyOptional({ enum: LIFECYCLE_STATUSES }) @IsOptional() @IsIn(LIFECYCLE_STATUSES) status?: LifecycleStatus;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() startDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() endDate?: string;
}

export class UpdateProjectDto extends PartialType(CreateProjectDto) {}

/**
 * An upsert by external reference, read as a JSON Merge Patch (RFC 7396): a field sent is set, a
 * field left out is left as it is (a sync that does not know the user need does not wipe it), and
 * null clears a field that may be empty. Creating needs programmeId, code, name and phase.
 */
export class UpsertProjectDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'required when the project is created' }) @IsPresentIfSent() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ example: 'CS-01', description: 'required when the project is created' }) @IsPresentIfSent() @IsCode() code?: string;
  @ApiPropertyOptional({ example: 'Online council tax account', description: 'required when the project is created' }) @IsPresentIfSent() @IsString() @Length(1, 200) @IsName() name?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) description?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'As a council tax payer I need to pay online so that I do not have to phone', description: 'left as it is when not sent; null clears it' })
  @IsOptional() @IsString() @Length(1, 2000) userNeed?: string | null;
  @ApiPropertyOptional({ enum: PHASES, description: 'required when the project is created' }) @IsPresentIfSent() @IsIn(PHASES) phase?: Phase;
  @ApiPropertyOptional({ enum: LIFECYCLE_STATUSES }) @IsPresentIfSent() @IsIn(LIFECYCLE_STATUSES) status?: LifecycleStatus;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) @IsOptional() @IsDateOnly() startDate?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) @IsOptional() @IsDateOnly() endDate?: string | null;
}

export class ProjectQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') objectiveId?: string;
  @ApiPropertyOptional({ enum: PHASES }) @IsOptional() @IsIn(PHASES) phase?: Phase;
  @ApiPropertyOptional({ enum: LIFECYCLE_STATUSES }) @IsOptional() @IsIn(LIFECYCLE_STATUSES) status?: LifecycleStatus;
}

export class DimensionsDto {
  @ApiProperty({ enum: RAG }) @IsIn(RAG) schedule: Rag;
  @ApiProperty({ enum: RAG }) @IsIn(RAG) cost: Rag;
  @ApiProperty({ enum: RAG }) @IsIn(RAG) scope: Rag;
  @ApiProperty({ enum: RAG }) @IsIn(RAG) benefits: Rag;
  @ApiProperty({ enum: RAG }) @IsIn(RAG) risk: Rag;
  @ApiProperty({ enum: RAG }) @IsIn(RAG) resourcing: Rag;
}

export class CreateStatusReportDto {
  @ApiProperty({ example: '2026-10' }) @IsPeriod() period: string;
  @ApiProperty({ enum: DELIVERY_CONFIDENCE }) @IsIn(DELIVERY_CONFIDENCE) overall: DeliveryConfidence;
  @ApiProperty({ type: DimensionsDto }) @IsNotEmptyObject() @ValidateNested() @Type(() => DimensionsDto) dimensions: DimensionsDto;
  @ApiPropertyOptional({ description: 'required unless the overall rating and every dimension are green' })
  @IsOptional() @IsString() @MaxLength(TEXT_MAX) narrative?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) keyRisks?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_MAX) decisionsNeeded?: string;
  @ApiPropertyOptional({ description: 'true keeps it as a draft; otherwise it is submitted for approval (by the project manager)' })
  @IsOptional() @IsBoolean() draft?: boolean;
}

export class ReturnStatusReportDto {
  @ApiProperty({ description: 'what should change before it is submitted again', example: 'The cost rating does not match the forecast overspend.' })
  @IsString() @IsNotEmpty({ message: 'comment must say what should change' }) @MaxLength(TEXT_MAX) comment: string;
}

export class StatusReportQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026-10' }) @IsOptional() @IsPeriod() period?: string;
}

export class ExternalRefParams {
  @ApiProperty({ example: 'jira' }) @IsString() @Length(1, 64) @IsCodeLike() source: string;
  @ApiProperty({ example: 'PROJ-123' }) @IsString() @Length(1, 128) externalId: string;
}

/** A project named by the integrating tool's own reference, as it was upserted (PUT /v1/projects/by-ref/...). */
export class ProjectRefDto {
  @ApiProperty({ example: 'jira', description: 'the tool the project was upserted from' })
  @IsString() @Length(1, 64) @IsCode({ message: 'project.source must be 1-32 letters, digits, ".", "_" or "-"' })
  source: string;

  @ApiProperty({ example: 'PROJ-123', description: "the project's id in that tool" })
  @IsString() @Length(1, 128)
  id: string;
}

function IsCodeLike(): PropertyDecorator {
  return IsCode({ message: 'source must be 1-32 letters, digits, ".", "_" or "-"' });
}
