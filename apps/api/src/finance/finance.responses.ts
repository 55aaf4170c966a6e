import { ApiProperty } from '@nestjs/swagger';
import {
  BUDGET_CATEGORIES, COMMITMENT_KINDS, COST_TYPES, SME_STATUSES, UNMAPPED_POLICIES,
  type BudgetCategory, type BudgetChangeView, type BudgetHistory, type BudgetView, type CategorySplit, type CommitmentKind, type CommitmentView, type CostType, type FinanceSummary,
  type ForecastView, type SmeStatus, type SplitMappingView, type SummaryFigures, type SupplierView, type UnmappedPolicy, type WholeLifeCostView,
} from '@app/finance';

/* Response schemas for the OpenAPI document; each `implements` the view the service answers with. */

const MONEY_PATTERN = '^-?\\d+(\\.\\d{1,2})?$';
const money = (example: string, description = 'money as a decimal string (never a JSON number)') => ({ pattern: MONEY_PATTERN, example, description });
const nullableMoney = (example: string, description: string) => ({ type: String, nullable: true, pattern: MONEY_PATTERN, example, description });
const PCT = { type: String, nullable: true, pattern: '^-?\\d+(\\.\\d)?$', example: '12.5' };
const FINANCIAL_YEAR = { pattern: '^\\d{4}-\\d{2}$', example: '2026-27', description: "the organisation's financial year (it starts in the organisation's start month, April by default)" };

export class BudgetResponse implements BudgetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty(FINANCIAL_YEAR) financialYear!: string;
  @ApiProperty({ enum: BUDGET_CATEGORIES }) category!: BudgetCategory;
  @ApiProperty(money('380000.00')) amount!: string;
  @ApiProperty({ minimum: 1, description: 'goes up each time the budget is re-baselined' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CurrentBudgetResponse {
  @ApiProperty(FINANCIAL_YEAR) financialYear!: string;
  @ApiProperty({ enum: BUDGET_CATEGORIES }) category!: BudgetCategory;
  @ApiProperty(money('380000.00')) amount!: string;
}

export class BudgetChangeResponse implements BudgetChangeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(FINANCIAL_YEAR) financialYear!: string;
  @ApiProperty({ enum: BUDGET_CATEGORIES }) category!: BudgetCategory;
  @ApiProperty(money('410000.00', 'the budget from this line on')) amount!: string;
  @ApiProperty(nullableMoney('380000.00', 'the figure it replaced; null for the first line')) previousAmount!: string | null;
  @ApiProperty(money('30000.00', 'amount - previousAmount (the whole amount for the first line)')) change!: string;
  @ApiProperty({ example: 'Phase 2 approved by the investment board', description: '"budget set" or "no reason given" when none was sent' }) reason!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Investment board, 12 May 2026' }) approvedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class BudgetHistoryResponse implements BudgetHistory {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: [CurrentBudgetResponse], description: 'the current budget per year and category: the latest line of each' }) current!: CurrentBudgetResponse[];
  @ApiProperty({ type: [BudgetChangeResponse], description: 'every line, by year and category, oldest first' }) changes!: BudgetChangeResponse[];
}

export class ForecastResponse implements ForecastView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty(FINANCIAL_YEAR) financialYear!: string;
  @ApiProperty(money('410000.00', 'forecast outturn for the year')) amount!: string;
  @ApiProperty({ format: 'date', example: '2026-09-30', description: 'when the forecast was made; the latest counts' }) asOf!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CategorySplitResponse implements CategorySplit {
  @ApiProperty(money('120000.00')) capital!: string;
  @ApiProperty(money('260000.00', 'resource (revenue)')) resource!: string;
}

class SummaryFiguresResponse implements SummaryFigures {
  @ApiProperty(money('380000.00')) budget!: string;
  @ApiProperty(money('151230.50', 'spent to date in the year, net of credit notes')) spent!: string;
  @ApiProperty(money('410000.00', 'the latest forecast outturn, or spent to date without one')) forecast!: string;
  @ApiProperty({ enum: ['forecast', 'spent'], description: 'spent: no forecast recorded, so spend to date stands in' }) forecastSource!: 'forecast' | 'spent';
  @ApiProperty(money('30000.00', 'forecast - budget: positive means heading over budget')) variance!: string;
  @ApiProperty({ ...PCT, example: '7.9', description: 'variance as a percentage of budget; null without a budget' }) variancePct!: string | null;
  @ApiProperty(money('82000.00', 'spend with suppliers known to be SMEs')) smeSpent!: string;
  @ApiProperty({ ...PCT, example: '54.2', description: 'SME share of spend whose SME status is known; null when there is none' }) smeSharePct!: string | null;
  @ApiProperty({ type: CategorySplitResponse }) budgetSplit!: CategorySplit;
  @ApiProperty({ type: CategorySplitResponse }) spentSplit!: CategorySplit;
  @ApiProperty(money('45000.00', 'commitments of the year not yet drawn down by spend')) committed!: string;
  @ApiProperty({ type: CategorySplitResponse }) committedSplit!: CategorySplit;
  @ApiProperty(money('183769.50', 'budget - spent - committed')) remaining!: string;
  @ApiProperty(money('410000.00', 'the larger of the forecast and spent + committed')) outturn!: string;
  @ApiProperty(money('-1200.00', 'credit notes in the year (negative; already netted into spent)')) creditNotes!: string;
  @ApiProperty(money('0.00', 'journals in the year (either sign)')) journals!: string;
  @ApiProperty(money('50000.00', 'spend with suppliers known not to be SMEs')) notSmeSpent!: string;
  @ApiProperty(money('19230.50', 'spend whose SME status nobody has given')) smeUnknownSpent!: string;
  @ApiProperty({ ...PCT, example: '12.7', description: 'share of spend with unknown SME status; null when nothing is spent' }) smeUnknownPct!: string | null;
}

export class ProjectFinanceSummaryResponse extends SummaryFiguresResponse {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ example: 'CS-01' }) code!: string;
  @ApiProperty({ example: 'Online council tax account' }) name!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
}

export class ProgrammeFinanceSummaryResponse extends SummaryFiguresResponse {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ example: 'CS' }) code!: string;
  @ApiProperty({ example: 'Customer Services Transformation' }) name!: string;
}

export class FinanceSummaryResponse implements FinanceSummary {
  @ApiProperty(FINANCIAL_YEAR) financialYear!: string;
  @ApiProperty({ type: [ProjectFinanceSummaryResponse], description: 'every project (of the programme, when one is asked for), by code' }) projects!: ProjectFinanceSummaryResponse[];
  @ApiProperty({ type: [ProgrammeFinanceSummaryResponse], description: 'each programme: the sums of its projects' }) programmes!: ProgrammeFinanceSummaryResponse[];
}

export class CommitmentResponse implements CommitmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: COMMITMENT_KINDS }) kind!: CommitmentKind;
  @ApiProperty({ example: 'PO-2026-0042' }) orderNumber!: string;
  @ApiProperty({ example: 'Acme Digital Ltd' }) supplier!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the supplier in the register, matched by normalised name' }) supplierId!: string | null;
  @ApiProperty({ enum: BUDGET_CATEGORIES }) category!: BudgetCategory;
  @ApiProperty({ enum: COST_TYPES }) costType!: CostType;
  @ApiProperty({ ...FINANCIAL_YEAR, description: 'the financial year of committedOn' }) financialYear!: string;
  @ApiProperty({ format: 'date', example: '2026-05-01' }) committedOn!: string;
  @ApiProperty(money('120000.00')) amount!: string;
  @ApiProperty(money('45000.00', 'spend on the project with this order number so far')) drawn!: string;
  @ApiProperty(money('75000.00', 'amount - drawn, never below zero')) outstanding!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SupplierResponse implements SupplierView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Acme Digital Ltd' }) name!: string;
  @ApiProperty({ example: 'acme digital', description: 'the name without case, punctuation or company suffix: what spend is matched on' }) normalisedName!: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^[A-Z0-9]{8}$', example: '01234567' }) companyNumber!: string | null;
  @ApiProperty({ enum: SME_STATUSES, description: 'unknown is not "no"' }) smeStatus!: SmeStatus;
  @ApiProperty({ minimum: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SplitMappingResponse implements SplitMappingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Payments by department' }) name!: string;
  @ApiProperty({ example: 'Department', description: 'the extract column whose values decide the project' }) column!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'uuid' }, example: { 'Adult Social Care': '6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f' }, description: 'value to project id' }) values!: Record<string, string>;
  @ApiProperty({ enum: UNMAPPED_POLICIES }) unmapped!: UnmappedPolicy;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'takes rows whose value has no project when unmapped is holding' }) holdingProjectId!: string | null;
  @ApiProperty({ minimum: 1, description: 'also in ETag; send it as If-Match to replace' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CostSplitResponse {
  @ApiProperty(money('1200000.00')) capital!: string;
  @ApiProperty(money('1200000.00', 'resource (revenue)')) resource!: string;
  @ApiProperty(money('2400000.00', 'capital + resource')) total!: string;
}

export class DatedCostSplitResponse extends CostSplitResponse {
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-06-30', description: 'the latest as-of date; null when none is recorded' }) asOf!: string | null;
}

export class BudgetYearResponse extends CostSplitResponse {
  @ApiProperty(FINANCIAL_YEAR) financialYear!: string;
}

export class SpendByCostTypeResponse {
  @ApiProperty({ enum: BUDGET_CATEGORIES }) category!: BudgetCategory;
  @ApiProperty({ enum: COST_TYPES }) costType!: string;
  @ApiProperty(money('151230.50')) spent!: string;
}

export class WholeLifeCostResponse implements WholeLifeCostView {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: DatedCostSplitResponse, description: 'the latest baseline per category (0.00 when none)' }) baseline!: DatedCostSplitResponse;
  @ApiProperty({ type: DatedCostSplitResponse, description: 'the latest forecast per category; a category with none is forecast at its baseline' }) forecast!: DatedCostSplitResponse;
  @ApiProperty({ type: CostSplitResponse, description: 'forecast - baseline' }) variance!: CostSplitResponse;
  @ApiProperty({ type: CostSplitResponse, description: 'current budgets over every financial year' }) budgeted!: CostSplitResponse;
  @ApiProperty({ type: CostSplitResponse, description: 'spend to date over every year, net of credit notes' }) spent!: CostSplitResponse;
  @ApiProperty({ type: CostSplitResponse, description: 'commitments outstanding' }) committed!: CostSplitResponse;
  @ApiProperty({ type: [BudgetYearResponse], description: 'by financial year' }) budgetsByYear!: BudgetYearResponse[];
  @ApiProperty({ type: [SpendByCostTypeResponse], description: 'by category and cost type' }) spendByCostType!: SpendByCostTypeResponse[];
}
