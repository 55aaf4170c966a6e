import { ApiProperty } from '@nestjs/swagger';
import {
  ACTION_PARENTS, ACTION_STATUSES, DECISION_STATUSES, DEPENDENCY_STATUSES, ISSUE_SEVERITIES, ISSUE_STATUSES, OWNED_SUBJECTS, PROXIMITIES, RISK_STATUSES,
  type ActionParent, type ActionStatus, type ActionView, type DecisionStatus, type DecisionView, type DependencyStatus, type DependencyView, type HistoryEntry, type IssueSeverity, type IssueStatus, type IssueView,
  type OwnedByMe, type OwnedSubject, type OwnerView, type ProjectAccountability, type Proximity, type RiskStatus, type RiskView,
} from '@app/accountability';

/* Response schemas for owners, actions and the RAID log; each `implements` the view its mapper builds (accountability.views.ts). */

const TIMESTAMP = { format: 'date-time', example: '2026-10-01T09:30:00.000Z' } as const;

/** What every log record and action carries: where it sits, its title and version. */
class PlacedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the programme it sits in (the project’s, for a project record)' }) programmeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a programme-level record' }) projectId!: string | null;
  @ApiProperty({ example: 'Supplier may miss the March go-live' }) title!: string;
  @ApiProperty({ format: 'uuid', description: 'the person accountable for it' }) ownerPersonId!: string;
  @ApiProperty({ minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
  @ApiProperty(TIMESTAMP) createdAt!: string;
  @ApiProperty(TIMESTAMP) updatedAt!: string;
}

export class ActionResponse extends PlacedResponse implements ActionView {
  @ApiProperty({ enum: ACTION_PARENTS, description: 'what it was assigned on' }) parentType!: ActionParent;
  @ApiProperty({ format: 'uuid' }) parentId!: string;
  @ApiProperty({ format: 'date', example: '2026-02-28' }) dueOn!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: ActionStatus;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when it was done or cancelled' }) closedAt!: string | null;
}

export class HistoryEntryResponse implements HistoryEntry {
  @ApiProperty({ enum: ['created', 'updated'] }) kind!: 'created' | 'updated';
  @ApiProperty({ example: 'Sam Jones', description: 'who made the change' }) actor!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorPersonId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
    description: 'each field that changed, from and to',
    example: { status: { from: 'open', to: 'done' } },
  })
  changes!: Record<string, { from: unknown; to: unknown }>;
  @ApiProperty(TIMESTAMP) at!: string;
}

export class ActionWithHistoryResponse extends ActionResponse {
  @ApiProperty({ type: [HistoryEntryResponse], description: 'every change, oldest first' }) history!: HistoryEntryResponse[];
}

export class RiskResponse extends PlacedResponse implements RiskView {
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) likelihood!: number;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) impact!: number;
  @ApiProperty({ enum: PROXIMITIES }) proximity!: Proximity;
  @ApiProperty({ type: String, nullable: true, description: 'what is being done about it' }) response!: string | null;
  @ApiProperty({ enum: RISK_STATUSES }) status!: RiskStatus;
  @ApiProperty({ minimum: 1, maximum: 25, example: 16, description: 'likelihood times impact; 15 or more is high' }) score!: number;
}

export class IssueResponse extends PlacedResponse implements IssueView {
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: ISSUE_SEVERITIES }) severity!: IssueSeverity;
  @ApiProperty({ enum: ISSUE_STATUSES }) status!: IssueStatus;
}

export class DecisionResponse extends PlacedResponse implements DecisionView {
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: DECISION_STATUSES }) status!: DecisionStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-03-31', description: 'by when an awaited decision is needed' }) neededBy!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Programme board', description: 'who decided (set once made)' }) decidedBy!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-01-15' }) decidedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why' }) rationale!: string | null;
}

export class DependencyResponse extends PlacedResponse implements DependencyView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the project depended on, or null for an outside party' }) dependsOnProjectId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'DWP data-sharing agreement', description: 'the outside party depended on' }) externalParty!: string | null;
  @ApiProperty({ format: 'date', example: '2026-03-31' }) needBy!: string;
  @ApiProperty({ enum: DEPENDENCY_STATUSES }) status!: DependencyStatus;
}

export class OwnerResponse implements OwnerView {
  @ApiProperty({ enum: OWNED_SUBJECTS }) subjectType!: OwnedSubject;
  @ApiProperty({ format: 'uuid', description: 'the programme, project or KPI' }) subjectId!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty({ format: 'uuid', description: 'the accountable person' }) personId!: string;
  @ApiProperty(TIMESTAMP) updatedAt!: string;
  @ApiProperty({ enum: ['sro', 'project_manager', 'kpi_owner'], description: 'the role the name carries' }) role!: string;
}

export class CurrentOwnerResponse {
  @ApiProperty({ type: OwnerResponse, nullable: true, description: 'null when nobody is named' }) owner!: OwnerResponse | null;
}

// ---- a project's accountability at a glance

const OWNER_NAME = { type: String, nullable: true, example: 'Sam Jones', description: "the owner's name, null if they are no longer a person here" } as const;

class NamedOwnerResponse extends OwnerResponse {
  @ApiProperty(OWNER_NAME) ownerName!: string | null;
}
class NamedRiskResponse extends RiskResponse {
  @ApiProperty(OWNER_NAME) ownerName!: string | null;
}
class NamedIssueResponse extends IssueResponse {
  @ApiProperty(OWNER_NAME) ownerName!: string | null;
}
class NamedDecisionResponse extends DecisionResponse {
  @ApiProperty(OWNER_NAME) ownerName!: string | null;
}
class OpenActionResponse extends ActionResponse {
  @ApiProperty({ description: 'open and past its due date' }) overdue!: boolean;
}
class NamedActionResponse extends OpenActionResponse {
  @ApiProperty(OWNER_NAME) ownerName!: string | null;
}

export class ProjectAccountabilityResponse implements ProjectAccountability {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: NamedOwnerResponse, nullable: true }) projectManager!: NamedOwnerResponse | null;
  @ApiProperty({ type: NamedOwnerResponse, nullable: true, description: "the programme's senior responsible owner" }) sro!: NamedOwnerResponse | null;
  @ApiProperty({ type: [NamedOwnerResponse] }) kpiOwners!: NamedOwnerResponse[];
  @ApiProperty({ type: [NamedRiskResponse], description: 'open risks by score, the top five' }) topRisks!: NamedRiskResponse[];
  @ApiProperty({ type: [NamedIssueResponse] }) openIssues!: NamedIssueResponse[];
  @ApiProperty({ type: [NamedDecisionResponse] }) decisionsAwaited!: NamedDecisionResponse[];
  @ApiProperty({ type: [NamedActionResponse], description: 'open actions by due date' }) actions!: NamedActionResponse[];
}

export class OwnedByMeResponse implements OwnedByMe {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: [OwnerResponse], description: 'the programmes, projects and KPIs they are named for' }) owns!: OwnerResponse[];
  @ApiProperty({ type: [OpenActionResponse], description: 'open actions by due date' }) actions!: OpenActionResponse[];
  @ApiProperty({ type: [RiskResponse], description: 'open risks by score' }) risks!: RiskResponse[];
  @ApiProperty({ type: [IssueResponse], description: 'open issues' }) issues!: IssueResponse[];
  @ApiProperty({ type: [DecisionResponse], description: 'awaited decisions' }) decisions!: DecisionResponse[];
  @ApiProperty({ type: [DependencyResponse], description: 'open dependencies by need-by date' }) dependencies!: DependencyResponse[];
}
