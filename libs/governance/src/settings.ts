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
};

export const withDefaults = (stored: Partial<GovernanceSettings> | undefined): GovernanceSettings => ({ ...GOVERNANCE_DEFAULTS, ...(stored ?? {}) });
