import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ENGAGEMENT_KINDS, EngagementKind, GROUP_KINDS, GroupKind, MAX_REASON_LENGTH } from '@app/engagement';
import { IsDateOnly, IsPresentIfSent, IsQueryBoolean, PageQuery, IsName } from '@app/platform';
import { ProjectRefDto } from '../portfolio/portfolio.dto';
import { EXTERNAL_SOURCE, IsEvidenceDate, IsShare, LONG_TEXT } from './engagement.validators';

const MAX_PEOPLE = 10_000_000;

// ---- stakeholder groups

export class CreateStakeholderGroupDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ example: 'Residents who pay council tax', maxLength: 200 })
  @IsString() @Length(1, 200)
  @IsName() name: string;

  @ApiProperty({ enum: GROUP_KINDS })
  @IsIn(GROUP_KINDS, { message: `kind must be one of ${GROUP_KINDS.join(', ')}` })
  kind: GroupKind;

  @ApiProperty({ example: false, description: "true for the organisation's own staff; citizens and service users are external, staff groups internal" })
  @IsBoolean()
  internal: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'how many people the group holds' })
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000)
  size?: number | null;
}

export class UpdateStakeholderGroupDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsPresentIfSent() @IsString() @Length(1, 200)
  @IsName() name?: string;

  @ApiPropertyOptional({ enum: GROUP_KINDS })
  @IsPresentIfSent() @IsIn(GROUP_KINDS, { message: `kind must be one of ${GROUP_KINDS.join(', ')}` })
  kind?: GroupKind;

  @ApiPropertyOptional()
  @IsPresentIfSent() @IsBoolean()
  internal?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: 'null clears it' })
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000)
  size?: number | null;
}

/** A merge patch of a stakeholder group (RFC 7396): fields left out are kept, null clears size. */
export class UpsertStakeholderGroupDto extends UpdateStakeholderGroupDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the project by our id; this or project is required when the group is created, and a group never moves project' })
  @IsPresentIfSent() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ type: ProjectRefDto, description: "the project by the tool's own reference instead of projectId" })
  @IsPresentIfSent() @IsObject() @ValidateNested() @Type(() => ProjectRefDto)
  project?: ProjectRefDto;
}

export class StakeholderGroupQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ enum: GROUP_KINDS })
  @IsOptional() @IsIn(GROUP_KINDS, { message: `kind must be one of ${GROUP_KINDS.join(', ')}` })
  kind?: GroupKind;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional() @IsQueryBoolean()
  internal?: boolean;
}

// ---- shared evidence fields

class ExternalRefDto {
  @ApiPropertyOptional({ example: 'smart-survey', description: 'the integrating tool; with externalId, a repeat post answers 200 "exists" and changes nothing' })
  @IsOptional() @IsString() @Matches(EXTERNAL_SOURCE, { message: 'externalSource must be 1-64 lower-case letters, digits, ".", "_" or "-"' })
  externalSource?: string | null;

  @ApiPropertyOptional({ example: 'resp-2026-0412', maxLength: 128 })
  @IsOptional() @IsString() @Length(1, 128)
  externalId?: string | null;
}

export class EvidenceQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  groupId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'on or after (inclusive)' })
  @IsOptional() @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'on or before (inclusive)' })
  @IsOptional() @IsDateOnly()
  to?: string;
}

// ---- engagements

export class CreateEngagementDto extends ExternalRefDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ format: 'uuid', description: 'a stakeholder group of that project' })
  @IsUUID('4')
  groupId: string;

  @ApiProperty({ enum: ENGAGEMENT_KINDS })
  @IsIn(ENGAGEMENT_KINDS, { message: `kind must be one of ${ENGAGEMENT_KINDS.join(', ')}` })
  kind: EngagementKind;

  @ApiProperty({ format: 'date', example: '2026-03-14', description: 'not in the future' })
  @IsEvidenceDate()
  occurredOn: string;

  @ApiProperty({ minimum: 0, example: 12 })
  @IsInt() @Min(0) @Max(MAX_PEOPLE)
  participants: number;

  @ApiProperty({ maxLength: LONG_TEXT, example: 'Residents could not find where to report a missed bin collection', description: 'what was heard' })
  @IsString() @Length(1, LONG_TEXT)
  findings: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'what was done about it; closes the feedback loop' })
  @IsOptional() @IsString() @Length(1, LONG_TEXT)
  actionsTaken?: string | null;
}

export class UpdateEngagementDto {
  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'closes the loop; can be amended but not removed' })
  @IsPresentIfSent() @IsString() @Length(1, LONG_TEXT)
  actionsTaken?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT })
  @IsPresentIfSent() @IsString() @Length(1, LONG_TEXT)
  findings?: string;

  @ApiPropertyOptional({ minimum: 0 })
  @IsPresentIfSent() @IsInt() @Min(0) @Max(MAX_PEOPLE)
  participants?: number;

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: 'why it is corrected; kept with the earlier version' })
  @IsPresentIfSent() @IsString() @Length(1, MAX_REASON_LENGTH)
  reason?: string;
}

/** A withdrawal's reason, kept with the record's last version. */
export class WithdrawRecordDto {
  @ApiProperty({ maxLength: MAX_REASON_LENGTH, example: 'Recorded against the wrong project' })
  @IsString() @IsNotEmpty({ message: 'reason is required: say why the record is being withdrawn' }) @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

export class EngagementQuery extends EvidenceQuery {
  @ApiPropertyOptional({ enum: ENGAGEMENT_KINDS })
  @IsOptional() @IsIn(ENGAGEMENT_KINDS, { message: `kind must be one of ${ENGAGEMENT_KINDS.join(', ')}` })
  kind?: EngagementKind;

  @ApiPropertyOptional({ enum: ['open', 'closed'], description: 'open: no actions recorded yet' })
  @IsOptional() @IsIn(['open', 'closed'], { message: 'loop must be open or closed' })
  loop?: 'open' | 'closed';
}

// ---- buy-in readings

export class CreateBuyInReadingDto extends ExternalRefDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  groupId: string;

  @ApiProperty({ format: 'date', example: '2026-03-14', description: 'not in the future' })
  @IsEvidenceDate()
  surveyedOn: string;

  @ApiProperty({ minimum: 1, example: 40 })
  @IsInt() @Min(1) @Max(MAX_PEOPLE)
  respondents: number;

  @ApiProperty({ minimum: 0, maximum: 100, example: 62.5, description: 'the three shares add up to 100 (within 0.5)' })
  @IsShare()
  supportivePct: number;

  @ApiProperty({ minimum: 0, maximum: 100, example: 25 })
  @IsShare()
  neutralPct: number;

  @ApiProperty({ minimum: 0, maximum: 100, example: 12.5 })
  @IsShare()
  opposedPct: number;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'free-text themes from the responses' })
  @IsOptional() @IsString() @MaxLength(LONG_TEXT)
  themes?: string | null;
}

export class CorrectBuyInReadingDto {
  @ApiPropertyOptional({ format: 'date', description: 'not in the future' })
  @IsPresentIfSent() @IsEvidenceDate()
  surveyedOn?: string;

  @ApiPropertyOptional({ minimum: 1 })
  @IsPresentIfSent() @IsInt() @Min(1) @Max(MAX_PEOPLE)
  respondents?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'the three shares, as corrected, add up to 100 (within 0.5)' })
  @IsPresentIfSent() @IsShare()
  supportivePct?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsPresentIfSent() @IsShare()
  neutralPct?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsPresentIfSent() @IsShare()
  opposedPct?: number;

  @ApiPropertyOptional({ maxLength: LONG_TEXT })
  @IsOptional() @IsString() @MaxLength(LONG_TEXT)
  themes?: string | null;

  @ApiProperty({ maxLength: MAX_REASON_LENGTH, example: 'Opposed and neutral were swapped' })
  @IsString() @IsNotEmpty({ message: 'reason is required: say why the reading is being corrected' }) @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

// ---- training records

export class CreateTrainingRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  projectId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  groupId: string;

  @ApiProperty({ format: 'date', example: '2026-03-14', description: 'not in the future' })
  @IsEvidenceDate()
  recordedOn: string;

  @ApiProperty({ minimum: 1, example: 120 })
  @IsInt() @Min(1) @Max(MAX_PEOPLE)
  staffInScope: number;

  @ApiProperty({ minimum: 0, example: 84, description: 'not more than staffInScope' })
  @IsInt() @Min(0) @Max(MAX_PEOPLE)
  staffTrained: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  course?: string | null;
}

export class CorrectTrainingRecordDto {
  @ApiPropertyOptional({ format: 'date', description: 'not in the future' })
  @IsPresentIfSent() @IsEvidenceDate()
  recordedOn?: string;

  @ApiPropertyOptional({ minimum: 1 })
  @IsPresentIfSent() @IsInt() @Min(1) @Max(MAX_PEOPLE)
  staffInScope?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'not more than staffInScope (as corrected)' })
  @IsPresentIfSent() @IsInt() @Min(0) @Max(MAX_PEOPLE)
  staffTrained?: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  course?: string | null;

  @ApiProperty({ maxLength: MAX_REASON_LENGTH, example: 'Counted the whole directorate, not the team' })
  @IsString() @IsNotEmpty({ message: 'reason is required: say why the record is being corrected' }) @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}
