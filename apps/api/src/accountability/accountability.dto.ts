import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { ACTION_PARENTS, ACTION_STATUSES, ActionParent, ActionStatus, DECISION_STATUSES, DecisionStatus, DEPENDENCY_STATUSES, DependencyStatus, ISSUE_SEVERITIES, ISSUE_STATUSES, IssueSeverity, IssueStatus, PROXIMITIES, Proximity, RISK_STATUSES, RiskStatus } from '@app/accountability';
import { IsDateOnly, IsPresentIfSent, IsQueryBoolean, PageQuery } from '@app/platform';

const oneOf = (values: readonly string[], field: string) => IsIn(values, { message: `${field} must be one of ${values.join(', ')}` });
const LONG = 4000;

export class OwnerDto {
  @ApiProperty({ format: 'uuid', description: 'an active person of the organisation' })
  @IsUUID('4')
  personId: string;
}

/** Where a log record sits: a project, or (organisation roles only) a programme. */
class PlacedDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the project; leave out for a programme-level record' })
  @IsOptional() @IsUUID('4')
  projectId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the programme, for a programme-level record (organisation roles only)' })
  @IsOptional() @IsUUID('4')
  programmeId?: string;

  @ApiProperty({ maxLength: 200, example: 'Supplier may miss the March go-live' })
  @IsString() @Length(1, 200)
  title: string;

  @ApiProperty({ format: 'uuid', description: 'the person accountable for it' })
  @IsUUID('4')
  ownerPersonId: string;
}

export class CreateRiskDto extends PlacedDto {
  @ApiPropertyOptional({ maxLength: LONG })
  @IsOptional() @IsString() @MaxLength(LONG)
  description?: string;

  @ApiProperty({ minimum: 1, maximum: 5, example: 4 })
  @IsInt() @Min(1) @Max(5)
  likelihood: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 4 })
  @IsInt() @Min(1) @Max(5)
  impact: number;

  @ApiProperty({ enum: PROXIMITIES })
  @oneOf(PROXIMITIES, 'proximity')
  proximity: Proximity;

  @ApiPropertyOptional({ maxLength: LONG, description: 'what is being done about it' })
  @IsOptional() @IsString() @MaxLength(LONG)
  response?: string;

  @ApiPropertyOptional({ enum: RISK_STATUSES, default: 'open' })
  @IsOptional() @oneOf(RISK_STATUSES, 'status')
  status?: RiskStatus;
}

export class UpdateRiskDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsPresentIfSent() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ maxLength: LONG, nullable: true }) @IsOptional() @IsString() @MaxLength(LONG) description?: string | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsPresentIfSent() @IsInt() @Min(1) @Max(5) likelihood?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsPresentIfSent() @IsInt() @Min(1) @Max(5) impact?: number;
  @ApiPropertyOptional({ enum: PROXIMITIES }) @IsPresentIfSent() @oneOf(PROXIMITIES, 'proximity') proximity?: Proximity;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentIfSent() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional({ maxLength: LONG, nullable: true }) @IsOptional() @IsString() @MaxLength(LONG) response?: string | null;
  @ApiPropertyOptional({ enum: RISK_STATUSES }) @IsPresentIfSent() @oneOf(RISK_STATUSES, 'status') status?: RiskStatus;
}

export class CreateIssueDto extends PlacedDto {
  @ApiPropertyOptional({ maxLength: LONG }) @IsOptional() @IsString() @MaxLength(LONG) description?: string;
  @ApiProperty({ enum: ISSUE_SEVERITIES }) @oneOf(ISSUE_SEVERITIES, 'severity') severity: IssueSeverity;
  @ApiPropertyOptional({ enum: ISSUE_STATUSES, default: 'open' }) @IsOptional() @oneOf(ISSUE_STATUSES, 'status') status?: IssueStatus;
}

export class UpdateIssueDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsPresentIfSent() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ maxLength: LONG, nullable: true }) @IsOptional() @IsString() @MaxLength(LONG) description?: string | null;
  @ApiPropertyOptional({ enum: ISSUE_SEVERITIES }) @IsPresentIfSent() @oneOf(ISSUE_SEVERITIES, 'severity') severity?: IssueSeverity;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentIfSent() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional({ enum: ISSUE_STATUSES }) @IsPresentIfSent() @oneOf(ISSUE_STATUSES, 'status') status?: IssueStatus;
}

export class CreateDecisionDto extends PlacedDto {
  @ApiPropertyOptional({ maxLength: LONG }) @IsOptional() @IsString() @MaxLength(LONG) description?: string;
  @ApiPropertyOptional({ enum: DECISION_STATUSES, default: 'awaited' }) @IsOptional() @oneOf(DECISION_STATUSES, 'status') status?: DecisionStatus;
  @ApiPropertyOptional({ example: '2026-03-31', description: 'by when an awaited decision is needed' }) @IsOptional() @IsDateOnly() neededBy?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'who decided (required once made)' }) @IsOptional() @IsString() @Length(1, 200) decidedBy?: string;
  @ApiPropertyOptional({ example: '2026-01-15', description: 'when (required once made)' }) @IsOptional() @IsDateOnly() decidedOn?: string;
  @ApiPropertyOptional({ maxLength: LONG, description: 'why (required once made)' }) @IsOptional() @IsString() @Length(1, LONG) rationale?: string;
}

export class UpdateDecisionDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsPresentIfSent() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ maxLength: LONG, nullable: true }) @IsOptional() @IsString() @MaxLength(LONG) description?: string | null;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentIfSent() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional({ enum: DECISION_STATUSES }) @IsPresentIfSent() @oneOf(DECISION_STATUSES, 'status') status?: DecisionStatus;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateOnly() neededBy?: string | null;
  @ApiPropertyOptional({ maxLength: 200 }) @IsPresentIfSent() @IsString() @Length(1, 200) decidedBy?: string;
  @ApiPropertyOptional() @IsPresentIfSent() @IsDateOnly() decidedOn?: string;
  @ApiPropertyOptional({ maxLength: LONG }) @IsPresentIfSent() @IsString() @Length(1, LONG) rationale?: string;
}

export class CreateDependencyDto extends PlacedDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'another project of the organisation (or give externalParty)' }) @IsOptional() @IsUUID('4') dependsOnProjectId?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'an outside party (or give dependsOnProjectId)' }) @IsOptional() @IsString() @Length(1, 200) externalParty?: string;
  @ApiProperty({ example: '2026-03-31' }) @IsDateOnly() needBy: string;
  @ApiPropertyOptional({ enum: DEPENDENCY_STATUSES, default: 'open' }) @IsOptional() @oneOf(DEPENDENCY_STATUSES, 'status') status?: DependencyStatus;
}

export class UpdateDependencyDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsPresentIfSent() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional() @IsPresentIfSent() @IsDateOnly() needBy?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentIfSent() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional({ enum: DEPENDENCY_STATUSES }) @IsPresentIfSent() @oneOf(DEPENDENCY_STATUSES, 'status') status?: DependencyStatus;
}

export class RaidQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') projectId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional({ maxLength: 16, example: 'open', description: 'the record’s status (each log has its own: see its schema)' }) @IsOptional() @IsString() @MaxLength(16) status?: string;
}

export class RiskQuery extends RaidQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 25, example: 15, description: 'likelihood times impact at least this' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(25)
  minScore?: number;
}

export class NewActionDto {
  @ApiProperty({ maxLength: 200, example: 'Ask the supplier for a recovery plan' }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ format: 'uuid', description: 'who will do it' }) @IsUUID('4') ownerPersonId: string;
  @ApiProperty({ example: '2026-02-28' }) @IsDateOnly() dueOn: string;
  @ApiPropertyOptional({ maxLength: LONG }) @IsOptional() @IsString() @MaxLength(LONG) notes?: string;
}

export class UpdateActionDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsPresentIfSent() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsPresentIfSent() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional() @IsPresentIfSent() @IsDateOnly() dueOn?: string;
  @ApiPropertyOptional({ enum: ACTION_STATUSES }) @IsPresentIfSent() @oneOf(ACTION_STATUSES, 'status') status?: ActionStatus;
  @ApiPropertyOptional({ maxLength: LONG, nullable: true }) @IsOptional() @IsString() @MaxLength(LONG) notes?: string | null;
}

export class ActionQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') projectId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional({ enum: ACTION_STATUSES }) @IsOptional() @oneOf(ACTION_STATUSES, 'status') status?: ActionStatus;
  @ApiPropertyOptional({ enum: ACTION_PARENTS }) @IsOptional() @oneOf(ACTION_PARENTS, 'parentType') parentType?: ActionParent;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') parentId?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'open and past the due date' }) @IsOptional() @IsQueryBoolean() overdue?: boolean;
}
