import { ApiProperty } from '@nestjs/swagger';
import { RULE_CODES, type EvidenceRating, type RatingInput, type ScanView } from '@app/governance';
import { DELIVERY_CONFIDENCE } from '@app/portfolio';

/* Response schemas for the OpenAPI document; each `implements` (or mirrors) the view the service answers with. */

export class ScanCountsResponse {
  @ApiProperty({ minimum: 0 }) projectsScanned!: number;
  @ApiProperty({ minimum: 0, description: 'flags raised for the first time, or opened again' }) raised!: number;
  @ApiProperty({ minimum: 0, description: 'open flags whose evidence was seen again' }) refreshed!: number;
  @ApiProperty({ minimum: 0 }) resolved!: number;
}

export class ScanResponse implements ScanView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['manual', 'schedule'] }) trigger!: 'manual' | 'schedule';
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status!: 'queued' | 'running' | 'completed' | 'failed';
  @ApiProperty({ type: String, nullable: true, example: 'Jira integration', description: 'who asked for it (token or person name); null for a scheduled scan' }) requestedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: ScanCountsResponse }) counts!: ScanCountsResponse;
  @ApiProperty({ type: String, nullable: true, description: 'why a failed scan failed' }) error!: string | null;
}

export class RuleCoverageResponse {
  @ApiProperty({ enum: RULE_CODES }) rule!: string;
  @ApiProperty({ example: 'No user need' }) title!: string;
  @ApiProperty({ enum: ['project', 'programme'], description: 'what the rule checks' }) subject!: 'project' | 'programme';
  @ApiProperty({ minimum: 0, description: 'active projects (or programmes) it applies to' }) total!: number;
  @ApiProperty({ minimum: 0, description: 'of those, with no unresolved flag for the rule' }) passing!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 100, example: 87.5, description: 'one decimal place; null when there is nothing to check' }) passingPct!: number | null;
}

export class OrganisationCoverageResponse {
  @ApiProperty({ minimum: 0 }) activeProjects!: number;
  @ApiProperty({ minimum: 0 }) activeProgrammes!: number;
  @ApiProperty({ type: [RuleCoverageResponse], description: 'one per rule, in the order boards read them' }) rules!: RuleCoverageResponse[];
}

export class ProgrammeCoverageResponse {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ example: 'CS' }) code!: string;
  @ApiProperty({ example: 'Customer Services Transformation' }) name!: string;
  @ApiProperty({ minimum: 0 }) activeProjects!: number;
  @ApiProperty({ type: [RuleCoverageResponse] }) rules!: RuleCoverageResponse[];
}

export class CoverageResponse {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the evidence the coverage is counted from was last refreshed' }) evidenceAsOf!: string | null;
  @ApiProperty({ type: OrganisationCoverageResponse }) organisation!: OrganisationCoverageResponse;
  @ApiProperty({ type: [ProgrammeCoverageResponse], description: 'active programmes by code' }) programmes!: ProgrammeCoverageResponse[];
}

export class RatingInputResponse implements RatingInput {
  @ApiProperty({ enum: ['kpis', 'finance', 'schedule', 'criticalFlags'] }) input!: RatingInput['input'];
  @ApiProperty({ description: 'the steps it moves the rating towards red (0: within tolerance)' }) effect!: number;
  @ApiProperty({ example: '2 of 4 KPIs off track' }) detail!: string;
}

export class ReportedRatingResponse {
  @ApiProperty({ enum: DELIVERY_CONFIDENCE }) rating!: string;
  @ApiProperty({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' }) period!: string;
}

export class RatingResponse implements EvidenceRating {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: DELIVERY_CONFIDENCE, description: 'the evidence-based rating' }) rating!: string;
  @ApiProperty({ minimum: 0, description: 'steps from green (0 to 4)', maximum: 4 }) steps!: number;
  @ApiProperty({ type: [RatingInputResponse], description: 'what drove it' }) inputs!: RatingInputResponse[];
  @ApiProperty({ type: ReportedRatingResponse, nullable: true, description: "the project's reported rating for the period under review; null when it did not report for it" }) reported!: ReportedRatingResponse | null;
  @ApiProperty({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10', description: 'the period under review' }) period!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'steps the reported rating is rosier than the evidence; null without a report' }) gapSteps!: number | null;
  @ApiProperty({ description: 'the gap is at or above the optimism threshold' }) optimismGapFlagged!: boolean;
  @ApiProperty({ example: 'amber: 2 of 4 KPIs off track (+1)' }) explanation!: string;
  @ApiProperty({ format: 'date-time' }) evidenceAsOf!: string;
}
