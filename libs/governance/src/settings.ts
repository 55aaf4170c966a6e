import { CAPABILITY_DEFAULTS } from '@app/capability';
import { DELIVERY_DEFAULTS } from '@app/delivery';

/** Governance thresholds an organisation may tune (organisations.settings.governance), with defaults. */
export interface GovernanceSettings {
  userFeedbackDays: number;
  actionsDueDays: number;
  buyInDays: number;
  minSupportivePct: number;
  minTrainingCoveragePct: number;
  budgetTolerancePct: number;
  optimismGapSteps: number;
  /** Days a submitted status report may wait for approval before it is flagged. */
  reportApprovalDays: number;
  /** capability_dependency: the share of spend on outside expertise (contractors + consultancy against staff) above which a beta or live service needs knowledge transfer. */
  maxOutsideExpertisePct: number;
  knowledgeTransferDays: number;
  /** How many days before a flag acceptance ends the people answerable for it are told. */
  acceptanceNoticeDays: number;
  /** milestone_slipped and the rating's schedule input: days an open milestone's forecast may run past its current baseline. */
  milestoneSlipDays: number;
  /** benefits_behind_plan: percent realised may fall below planned to date. */
  benefitsBehindPlanPct: number;
}

export const GOVERNANCE_DEFAULTS: GovernanceSettings = {
  userFeedbackDays: 90,
  actionsDueDays: 30,
  buyInDays: 180,
  minSupportivePct: 50,
  minTrainingCoveragePct: 60,
  budgetTolerancePct: 5,
  optimismGapSteps: 2,
  reportApprovalDays: 7,
  maxOutsideExpertisePct: CAPABILITY_DEFAULTS.maxOutsideExpertisePct,
  knowledgeTransferDays: CAPABILITY_DEFAULTS.knowledgeTransferDays,
  acceptanceNoticeDays: 7,
  milestoneSlipDays: DELIVERY_DEFAULTS.milestoneSlipDays,
  benefitsBehindPlanPct: DELIVERY_DEFAULTS.benefitsBehindPlanPct,
};

export const withDefaults = (stored: Partial<GovernanceSettings> | undefined): GovernanceSettings => ({ ...GOVERNANCE_DEFAULTS, ...(stored ?? {}) });
