/**
 * The delivery thresholds, kept with the organisation's other governance thresholds
 * (organisations.settings.governance): the rules, the rating's schedule input and the delivery
 * views read the same keys and defaults.
 */
export const DELIVERY_DEFAULTS = {
  /** milestone_slipped and the schedule input: days an open milestone's forecast may run past its baseline. */
  milestoneSlipDays: 30,
  /** benefits_behind_plan: how far (percent) realised may fall below planned to date. */
  benefitsBehindPlanPct: 10,
};

export const deliverySettings = (stored: Record<string, unknown> | undefined): typeof DELIVERY_DEFAULTS => ({
  milestoneSlipDays: typeof stored?.milestoneSlipDays === 'number' ? stored.milestoneSlipDays : DELIVERY_DEFAULTS.milestoneSlipDays,
  benefitsBehindPlanPct: typeof stored?.benefitsBehindPlanPct === 'number' ? stored.benefitsBehindPlanPct : DELIVERY_DEFAULTS.benefitsBehindPlanPct,
});
