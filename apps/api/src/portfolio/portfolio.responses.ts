import { ApiProperty } from '@nestjs/swagger';
import { TimestampsResponse } from '@app/platform';
import { DELIVERY_CONFIDENCE, LIFECYCLE_STATUSES, PHASES, RAG, REPORT_STATES, SUBJECT_TYPES, type ReportState, type DeliveryConfidence, type Dimension, type LifecycleStatus, type ObjectiveView, type Phase, type ProgrammeView, type ProjectView, type Rag, type StatusReportView, type SubjectType } from '@app/portfolio';

/*
 * Response schemas for the OpenAPI document. Each `implements` the view its mapper builds
 * (portfolio.views.ts), so the compiler keeps the documented fields and the answered ones together.
 */

export class ObjectiveResponse extends TimestampsResponse implements ObjectiveView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'OBJ-1' }) code!: string;
  @ApiProperty({ example: 'Residents can do business with the council online' }) title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ enum: ['active', 'archived'] }) status!: ObjectiveView['status'];
  @ApiProperty({ minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}

export class ProgrammeResponse extends TimestampsResponse implements ProgrammeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CS' }) code!: string;
  @ApiProperty({ example: 'Customer Services Transformation' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the strategic objective it serves' }) objectiveId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'senior responsible owner' }) sro!: string | null;
  @ApiProperty({ enum: LIFECYCLE_STATUSES }) status!: LifecycleStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-04-01' }) startDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2029-03-31' }) endDate!: string | null;
  @ApiProperty({ type: String, nullable: true, pattern: '^-?\\d+(\\.\\d{1,2})?$', example: '4200000.00', description: 'money as a decimal string' }) wholeLifeBudget!: string | null;
  @ApiProperty({ minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}

export class ExternalRefResponse {
  @ApiProperty({ example: 'jira', description: 'the tool the record comes from' }) source!: string;
  @ApiProperty({ example: 'PRJ-123', description: "the tool's own id" }) id!: string;
}

export class ProjectResponse extends TimestampsResponse implements ProjectView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ example: 'CS-01' }) code!: string;
  @ApiProperty({ example: 'Online council tax account' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the user need it serves; a project without one is flagged' }) userNeed!: string | null;
  @ApiProperty({ enum: PHASES }) phase!: Phase;
  @ApiProperty({ enum: LIFECYCLE_STATUSES }) status!: LifecycleStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true }) startDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate!: string | null;
  @ApiProperty({ type: ExternalRefResponse, nullable: true, description: 'set when an integration created it by its own id' }) externalRef!: ExternalRefResponse | null;
  @ApiProperty({ minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}

export class DimensionsResponse implements Record<Dimension, Rag> {
  @ApiProperty({ enum: RAG }) schedule!: Rag;
  @ApiProperty({ enum: RAG }) cost!: Rag;
  @ApiProperty({ enum: RAG }) scope!: Rag;
  @ApiProperty({ enum: RAG }) benefits!: Rag;
  @ApiProperty({ enum: RAG }) risk!: Rag;
  @ApiProperty({ enum: RAG }) resourcing!: Rag;
}

export class StatusReportResponse implements StatusReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUBJECT_TYPES }) subjectType!: SubjectType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) programmeId!: string | null;
  @ApiProperty({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' }) period!: string;
  @ApiProperty({ minimum: 1, description: 'a second report for the same period is revision 2, and supersedes the first' }) revision!: number;
  @ApiProperty({ description: 'the current revision for its period' }) current!: boolean;
  @ApiProperty({ enum: DELIVERY_CONFIDENCE, description: 'the reported delivery confidence' }) overall!: DeliveryConfidence;
  @ApiProperty({ type: DimensionsResponse }) dimensions!: Record<Dimension, Rag>;
  @ApiProperty({ type: String, nullable: true }) narrative!: string | null;
  @ApiProperty({ type: String, nullable: true }) keyRisks!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionsNeeded!: string | null;
  @ApiProperty({ example: 'Jira integration' }) reportedBy!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reportedByPersonId!: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ enum: REPORT_STATES, description: 'draft, submitted (awaiting approval) or approved' }) state!: ReportState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentForApprovalAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) approvedByPersonId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) returnedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) returnedByPersonId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'why the approver returned it, kept after it is resubmitted' }) returnComment!: string | null;
}
