import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_CONFIDENCE, type DeliveryConfidence } from '@app/portfolio';
import type { MajorProjectsReturn, ReturnLine } from '@app/reporting';
import { BENEFIT_KINDS, MILESTONE_STATUSES, REALISATION_SOURCES, type BenefitKind, type BenefitPeriodView, type BenefitPosition, type BenefitsSummaryView, type BenefitView, type MilestoneStatus, type MilestoneView, type ObjectiveDeliveryView, type RealisationSource, type RebaselineView } from '@app/delivery';
import { TimestampsResponse } from '@app/platform';
import { ExternalRefResponse } from '../portfolio/portfolio.responses';

/*
 * Response schemas for the OpenAPI document. Each `implements` the view its service builds, so
 * the compiler keeps the documented fields and the answered ones together.
 */

export class RebaselineResponse implements RebaselineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the made decision that agreed it' }) decisionId!: string;
  @ApiProperty({ format: 'date' }) previousBaselineDate!: string;
  @ApiProperty({ format: 'date' }) baselineDate!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MilestoneResponse extends TimestampsResponse implements MilestoneView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a programme\'s own milestone' }) projectId!: string | null;
  @ApiProperty({ example: 'Private beta opens' }) title!: string;
  @ApiProperty({ format: 'date', description: 'the baseline first agreed; never edited' }) originalBaselineDate!: string;
  @ApiProperty({ format: 'date', description: 'the baseline in force: the latest re-baseline decision\'s, else the original' }) baselineDate!: string;
  @ApiProperty({ format: 'date' }) forecastDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) actualDate!: string | null;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
  @ApiProperty({ format: 'uuid' }) ownerPersonId!: string;
  @ApiProperty({ example: 12, description: 'days the forecast (the actual date, once achieved) is after the current baseline; negative when ahead' }) slipDays!: number;
  @ApiProperty({ type: [RebaselineResponse], description: 'oldest first' }) rebaselines!: RebaselineResponse[];
  @ApiProperty({ type: ExternalRefResponse, nullable: true, description: 'set when an integration created it by its own id' }) externalRef!: ExternalRefResponse | null;
  @ApiProperty({ minimum: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}

const MONEY = { pattern: '^-?\\d+(\\.\\d{1,2})?$', example: '120000.00', description: 'a decimal string, in the benefit\'s unit (pounds for the money kinds)' };

export class ProfileYearResponse {
  @ApiProperty({ example: '2026-27' }) financialYear!: string;
  @ApiProperty(MONEY) planned!: string;
}

export class BenefitPeriodResponse implements BenefitPeriodView {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty(MONEY) amount!: string;
  @ApiProperty({ enum: REALISATION_SOURCES, description: 'kpi: the KPI\'s last measurement in the month; entered: recorded with evidence' }) source!: RealisationSource;
  @ApiProperty({ type: String, nullable: true }) evidence!: string | null;
}

export class BenefitPositionResponse implements BenefitPosition {
  @ApiProperty(MONEY) plannedTotal!: string;
  @ApiProperty({ ...MONEY, description: 'each year\'s profile spread evenly over its months, to the end of the period' }) plannedToDate!: string;
  @ApiProperty(MONEY) realisedToDate!: string;
  @ApiProperty({ type: Number, nullable: true, example: 82.5, description: 'realised to date as a percent of planned to date; null with nothing planned yet' }) realisedPctOfPlan!: number | null;
}

export class BenefitResponse extends TimestampsResponse implements BenefitView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) objectiveId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: BENEFIT_KINDS }) kind!: BenefitKind;
  @ApiProperty({ example: 'GBP' }) unit!: string;
  @ApiProperty({ format: 'uuid' }) ownerPersonId!: string;
  @ApiProperty(MONEY) baselineValue!: string;
  @ApiProperty(MONEY) targetValue!: string;
  @ApiProperty({ type: [String] }) kpiIds!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) realisationKpiId!: string | null;
  @ApiProperty({ description: 'linked KPIs that are measurable; none raises benefit_unmeasured' }) measurableKpis!: number;
  @ApiProperty({ type: [ProfileYearResponse] }) profile!: ProfileYearResponse[];
  @ApiProperty({ type: [BenefitPeriodResponse], description: 'realised per month up to the period' }) realised!: BenefitPeriodResponse[];
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: BenefitPositionResponse }) position!: BenefitPositionResponse;
  @ApiProperty({ minimum: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}

export class SubjectResponse {
  @ApiProperty({ enum: ['project', 'programme', 'objective'] }) type!: 'project' | 'programme' | 'objective';
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class BenefitsSummaryResponse implements BenefitsSummaryView {
  @ApiProperty({ type: SubjectResponse }) subject!: SubjectResponse;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: BenefitPositionResponse, description: 'over the money kinds, in pounds; non-monetised benefits are listed, not added' }) totals!: BenefitPositionResponse;
  @ApiProperty({ type: [BenefitResponse] }) benefits!: BenefitResponse[];
}

class ObjectiveRefResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
}

class ObjectiveProgrammeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
  @ApiProperty() projects!: number;
}

class ObjectiveKpiResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) unit!: string | null;
}

export class ObjectiveDeliveryResponse implements ObjectiveDeliveryView {
  @ApiProperty({ type: ObjectiveRefResponse }) objective!: ObjectiveRefResponse;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: [ObjectiveProgrammeResponse] }) programmes!: ObjectiveProgrammeResponse[];
  @ApiProperty({ type: [ObjectiveKpiResponse], description: 'the active KPIs of its programmes\' projects' }) kpis!: ObjectiveKpiResponse[];
  @ApiProperty({ type: BenefitsSummaryResponse }) benefits!: BenefitsSummaryResponse;
  @ApiProperty({ type: Number, nullable: true, example: 41.7, description: 'realised to date as a percent of the planned total (money kinds)' }) realisedPctOfPlannedTotal!: number | null;
}

const money = (description: string, nullable = false) => ({ type: String, nullable, pattern: '^-?\\d+(\\.\\d{1,2})?$', example: '250000.00', description });

export class ReturnLineResponse implements ReturnLine {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty() programmeCode!: string;
  @ApiProperty() programmeName!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() projectCode!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty() phase!: string;
  @ApiProperty({ enum: DELIVERY_CONFIDENCE, nullable: true, description: 'as the project reported it for the period; null: not reported' }) reportedConfidence!: DeliveryConfidence | null;
  @ApiProperty({ enum: DELIVERY_CONFIDENCE, nullable: true, description: 'the evidence-based rating' }) evidenceConfidence!: DeliveryConfidence | null;
  @ApiProperty({ type: String, nullable: true, description: 'the last milestone by current baseline' }) keyMilestone!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) baselineDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'its forecast, or its actual date once achieved' }) forecastDate!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-27' }) financialYear!: string | null;
  @ApiProperty(money('this financial year, as the portfolio shows it', true)) budget!: string | null;
  @ApiProperty(money('this financial year, as the portfolio shows it', true)) spent!: string | null;
  @ApiProperty(money('the latest forecast for this financial year', true)) forecast!: string | null;
  @ApiProperty(money('whole-life cost baseline (capital and resource)')) wholeLifeCostBaseline!: string;
  @ApiProperty(money('whole-life cost forecast (capital and resource)')) wholeLifeCostForecast!: string;
  @ApiProperty(money('benefits in pounds planned over the whole profile')) benefitsPlannedTotal!: string;
  @ApiProperty(money('benefits in pounds planned to the end of the period')) benefitsPlannedToDate!: string;
  @ApiProperty(money('benefits in pounds realised to the end of the period')) benefitsRealisedToDate!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the narrative of the project\'s report for the period' }) narrative!: string | null;
}

export class MajorProjectsReturnResponse implements MajorProjectsReturn {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ format: 'date-time' }) evidenceAsOf!: string;
  @ApiProperty({ type: [ReturnLineResponse] }) lines!: ReturnLineResponse[];
}
