import { ApiProperty } from '@nestjs/swagger';
import { KNOWLEDGE_TRANSFER_KINDS, type CapabilityEvidenceView, type CapabilityRoleView, type KnowledgeTransferKind, type KnowledgeTransferView, type OutsideExpertisePeriod } from '@app/capability';

/* Response schemas for the OpenAPI document; each `implements` the view the service answers with. */

const DECIMAL = '^-?\\d+(\\.\\d+)?$';
const SHARE = { type: Number, nullable: true, minimum: 0, maximum: 100, example: 42.5, description: 'outside / (outside + staff), in percent to one decimal; null with neither' };

export class CapabilityRoleResponse implements CapabilityRoleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ example: 'Service designer' }) role!: string;
  @ApiProperty({ minimum: 0, description: 'permanent posts the service needs in this role' }) needed!: number;
  @ApiProperty({ minimum: 0, description: 'of those, filled by permanent staff' }) filled!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class KnowledgeTransferResponse implements KnowledgeTransferView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: KNOWLEDGE_TRANSFER_KINDS }) kind!: KnowledgeTransferKind;
  @ApiProperty({ format: 'date', example: '2026-09-12' }) occurredOn!: string;
  @ApiProperty({ minimum: 1, description: 'permanent staff who took part' }) permanentStaff!: number;
  @ApiProperty({ example: 'Supplier developers paired with two permanent developers on the payments service' }) description!: string;
  @ApiProperty({ example: 'https://intranet.example.gov.uk/handover/payments', description: 'a link or a document reference' }) evidence!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OutsideExpertisePeriodResponse implements OutsideExpertisePeriod {
  @ApiProperty({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-09' }) period!: string;
  @ApiProperty({ pattern: DECIMAL, example: '42000.00', description: 'contractors + consultancy spend, a decimal string' }) outside!: string;
  @ApiProperty({ pattern: DECIMAL, example: '58000.00', description: 'staff spend, a decimal string' }) staff!: string;
  @ApiProperty(SHARE) sharePct!: number | null;
}

export class OutsideExpertiseWindowResponse {
  @ApiProperty({ format: 'date', example: '2025-11-01', description: 'the first day of the twelve months' }) from!: string;
  @ApiProperty({ format: 'date', example: '2026-10-31', description: 'today' }) to!: string;
  @ApiProperty({ pattern: DECIMAL, example: '480000.00' }) outside!: string;
  @ApiProperty({ pattern: DECIMAL, example: '620000.00' }) staff!: string;
  @ApiProperty(SHARE) sharePct!: number | null;
}

export class OutsideExpertiseResponse {
  @ApiProperty({ example: 'outside expertise = contractors + consultancy, as a share of contractors + consultancy + staff spend in the ledger' }) definition!: string;
  @ApiProperty({ type: [OutsideExpertisePeriodResponse], description: 'each month of the last twelve with spend, oldest first' }) periods!: OutsideExpertisePeriodResponse[];
  @ApiProperty({ type: OutsideExpertiseWindowResponse }) last12Months!: OutsideExpertiseWindowResponse;
  @ApiProperty({ type: String, enum: ['rising', 'falling', 'steady'], nullable: true, description: "the last three months' share against the three before (5 points or more is a change); null without spend in both" }) trend!: 'rising' | 'falling' | 'steady' | null;
  @ApiProperty({ minimum: 0, maximum: 100, example: 50, description: "the organisation's limit above which a beta or live service needs knowledge transfer" }) thresholdPct!: number;
}

export class CapabilityPlanResponse {
  @ApiProperty({ minimum: 0 }) rolesNeeded!: number;
  @ApiProperty({ minimum: 0 }) rolesFilled!: number;
  @ApiProperty({ type: [CapabilityRoleResponse], description: 'by role' }) roles!: CapabilityRoleResponse[];
}

export class KnowledgeTransferSummaryResponse {
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'the latest activity; null when none is recorded' }) lastOn!: string | null;
  @ApiProperty({ minimum: 7, example: 90, description: 'how recent an activity must be for the capability_dependency rule' }) withinDays!: number;
  @ApiProperty({ type: [KnowledgeTransferResponse], description: 'the latest 20, newest first' }) recent!: KnowledgeTransferResponse[];
}

export class CapabilitySubjectResponse {
  @ApiProperty({ enum: ['project', 'programme'] }) type!: 'project' | 'programme';
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class CapabilityEvidenceResponse implements CapabilityEvidenceView {
  @ApiProperty({ type: CapabilitySubjectResponse }) subject!: CapabilitySubjectResponse;
  @ApiProperty({ format: 'date', example: '2026-10-31' }) asOf!: string;
  @ApiProperty({ type: OutsideExpertiseResponse }) outsideExpertise!: OutsideExpertiseResponse;
  @ApiProperty({ type: CapabilityPlanResponse }) plan!: CapabilityPlanResponse;
  @ApiProperty({ type: KnowledgeTransferSummaryResponse }) knowledgeTransfer!: KnowledgeTransferSummaryResponse;
  @ApiProperty({ type: Boolean, example: false, description: 'always false: read beside the evidence-based rating: a capability_dependency flag is a warning and does not move it' }) movesRating!: false;
}
