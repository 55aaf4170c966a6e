import { ApiProperty } from '@nestjs/swagger';
import { SEVERITIES, type Severity } from '@app/governance';
import { DELIVERY_CONFIDENCE, LIFECYCLE_STATUSES, PHASES, type DeliveryConfidence, type LifecycleStatus, type Phase } from '@app/portfolio';
import type { PortfolioProgramme, PortfolioProject, PortfolioSummary, PortfolioView, Trend } from '@app/reporting';

/*
 * Response schemas for GET /v1/portfolio. Each `implements` the shape the portfolio service answers
 * with (libs/reporting), so the compiler keeps the documented fields and the answered ones together;
 * the end-to-end tests check every answer against them.
 */

const MONEY = { pattern: '^-?\\d+\\.\\d{2}$', example: '125000.00', description: 'money as a decimal string' } as const;
const TRENDS: Trend[] = ['better', 'same', 'worse', 'new'];
const PERIOD = { pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10' } as const;

export class PortfolioKpiCountsResponse {
  @ApiProperty({ type: 'integer', minimum: 0 }) on_track!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) at_risk!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) off_track!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'measurable, but nothing recorded yet' }) no_data!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'missing a unit, baseline, target or date' }) not_measurable!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'the latest measurement is older than the KPI is measured' }) stale!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
}

export class OpenFlagCountsResponse {
  @ApiProperty({ type: 'integer', minimum: 0 }) critical!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) warning!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) info!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of those, acknowledged by the board' }) acknowledged!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of those, accepted until a date' }) accepted!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'of those, with an open action assigned' }) actedOn!: number;
}

export class ProgrammeFlagCountsResponse extends OpenFlagCountsResponse {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...SEVERITIES] }, example: { no_strategic_objective: 'warning' }, description: "the programme's own open flags: rule code to severity" })
  byRule!: Record<string, Severity>;
}

export class ProjectReportedResponse {
  @ApiProperty({ enum: DELIVERY_CONFIDENCE }) rating!: DeliveryConfidence;
  @ApiProperty(PERIOD) period!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) revision!: number;
  @ApiProperty({ example: 'Jira integration' }) reportedBy!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ description: 'true once approved; a report submitted and awaiting approval is false' }) approved!: boolean;
}

export class ProgrammeReportedResponse {
  @ApiProperty({ enum: DELIVERY_CONFIDENCE }) rating!: DeliveryConfidence;
  @ApiProperty(PERIOD) period!: string;
}

export class ProjectEvidenceResponse {
  @ApiProperty({ enum: DELIVERY_CONFIDENCE, description: 'the evidence-based rating' }) rating!: DeliveryConfidence;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 4, description: 'steps down the five-point scale from green' }) steps!: number;
}

export class ProgrammeRatingInputResponse {
  @ApiProperty({ example: 'projects' }) input!: string;
  @ApiProperty({ type: 'integer', description: 'how many steps this input moved the rating' }) effect!: number;
  @ApiProperty({ example: 'budget-weighted average of 3 rated project(s): 1.40 steps, rounded up to amber' }) detail!: string;
}

export class ProgrammeEvidenceResponse extends ProjectEvidenceResponse {
  @ApiProperty({ type: [ProgrammeRatingInputResponse], description: 'what drove the roll-up from its projects' }) inputs!: ProgrammeRatingInputResponse[];
}

export class ProjectFinanceResponse {
  @ApiProperty({ example: '2026-27' }) financialYear!: string;
  @ApiProperty(MONEY) budget!: string;
  @ApiProperty(MONEY) spent!: string;
  @ApiProperty({ ...MONEY, description: 'outstanding commitments' }) committed!: string;
  @ApiProperty({ ...MONEY, description: 'the largest of spent, forecast and spent plus commitments: what the budget rules judge' }) exposure!: string;
  @ApiProperty({ ...MONEY, type: String, nullable: true, description: 'the latest forecast for the year; null without one' }) forecast!: string | null;
  @ApiProperty({ ...MONEY, description: 'forecast (or spent, without a forecast) minus budget' }) variance!: string;
  @ApiProperty({ type: String, nullable: true, example: '4.5', description: 'variance as a percentage of budget, one decimal; null without a budget' }) variancePct!: string | null;
  @ApiProperty() overBudget!: boolean;
}

export class PortfolioProjectResponse implements PortfolioProject {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CS-01' }) code!: string;
  @ApiProperty({ example: 'Online council tax account' }) name!: string;
  @ApiProperty({ enum: PHASES }) phase!: Phase;
  @ApiProperty({ enum: LIFECYCLE_STATUSES }) status!: LifecycleStatus;
  @ApiProperty() hasUserNeed!: boolean;
  @ApiProperty({ type: ProjectReportedResponse, nullable: true, description: 'the current report for the period; null when none was submitted' }) reported!: ProjectReportedResponse | null;
  @ApiProperty({ enum: DELIVERY_CONFIDENCE, nullable: true, description: "the previous period's reported rating" }) previous!: DeliveryConfidence | null;
  @ApiProperty({ enum: TRENDS, nullable: true, description: 'reported rating against the previous period; null with no report this period' }) trend!: Trend | null;
  @ApiProperty({ type: ProjectEvidenceResponse, nullable: true, description: 'null for a project that is not active' }) evidence!: ProjectEvidenceResponse | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: -4, maximum: 4, description: 'evidence steps minus reported steps: positive when the report is rosier than the evidence' }) optimismGap!: number | null;
  @ApiProperty({ description: 'the gap is large enough to be flagged' }) optimismGapFlagged!: boolean;
  @ApiProperty({ type: PortfolioKpiCountsResponse }) kpis!: PortfolioKpiCountsResponse;
  @ApiProperty({ type: ProjectFinanceResponse, nullable: true, description: 'figures for the financial year; null for a project that is not active' }) finance!: ProjectFinanceResponse | null;
  @ApiProperty({ type: OpenFlagCountsResponse }) openFlags!: OpenFlagCountsResponse;
}

export class ProgrammeTotalsResponse {
  @ApiProperty({ type: 'integer', minimum: 0 }) projects!: number;
  @ApiProperty({ type: PortfolioKpiCountsResponse }) kpis!: PortfolioKpiCountsResponse;
  @ApiProperty(MONEY) budget!: string;
  @ApiProperty(MONEY) spent!: string;
  @ApiProperty(MONEY) forecast!: string;
  @ApiProperty({ type: OpenFlagCountsResponse, description: "the projects' open flags and the programme's own" }) openFlags!: OpenFlagCountsResponse;
}

export class PortfolioProgrammeResponse implements PortfolioProgramme {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CS' }) code!: string;
  @ApiProperty({ example: 'Customer Services Transformation' }) name!: string;
  @ApiProperty({ enum: LIFECYCLE_STATUSES }) status!: LifecycleStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) objectiveId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'senior responsible owner' }) sro!: string | null;
  @ApiProperty({ type: ProgrammeReportedResponse, nullable: true }) reported!: ProgrammeReportedResponse | null;
  @ApiProperty({ enum: DELIVERY_CONFIDENCE, nullable: true }) previous!: DeliveryConfidence | null;
  @ApiProperty({ enum: TRENDS, nullable: true }) trend!: Trend | null;
  @ApiProperty({ type: ProgrammeEvidenceResponse, nullable: true, description: "its projects' evidence rolled up; null with no rated project" }) evidence!: ProgrammeEvidenceResponse | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: -4, maximum: 4 }) optimismGap!: number | null;
  @ApiProperty() optimismGapFlagged!: boolean;
  @ApiProperty({ type: ProgrammeFlagCountsResponse, description: "the programme's own open flags (its projects' are in totals)" }) ownFlags!: ProgrammeFlagCountsResponse;
  @ApiProperty({ type: ProgrammeTotalsResponse, description: "its projects' figures added up; filters do not change them" }) totals!: ProgrammeTotalsResponse;
  @ApiProperty({ type: [PortfolioProjectResponse] }) projects!: PortfolioProjectResponse[];
}

export class PortfolioSummaryResponse implements PortfolioSummary {
  @ApiProperty({ type: 'integer', minimum: 0 }) projects!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) programmes!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'projects with a flagged optimism gap' }) optimismGaps!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) programmeOptimismGaps!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'open critical flags on the projects and programmes shown' }) criticalFlags!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) offTrackKpis!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'projects over budget' }) overBudget!: number;
}

export class PortfolioResponse implements PortfolioView {
  @ApiProperty({ ...PERIOD, description: 'the period shown' }) period!: string;
  @ApiProperty({ ...PERIOD, example: '2026-09', description: 'the period trends compare with' }) previousPeriod!: string;
  @ApiProperty({ format: 'date', example: '2026-11-03', description: 'evidence up to this day: today, or the last day of an earlier period' }) asOf!: string;
  @ApiProperty({ format: 'date-time', description: 'when the oldest figure shown was computed' }) evidenceAsOf!: string;
  @ApiProperty({ enum: ['read model', 'as of period end'], description: '"read model": the period under review, kept current; "as of period end": an earlier period recomputed as it stood' }) source!: 'read model' | 'as of period end';
  @ApiProperty({ example: '2026-27' }) financialYear!: string;
  @ApiProperty({ type: PortfolioSummaryResponse, description: 'the counts a board sees at the top of the page, over what is shown' }) summary!: PortfolioSummaryResponse;
  @ApiProperty({ type: [PortfolioProgrammeResponse] }) programmes!: PortfolioProgrammeResponse[];
}
