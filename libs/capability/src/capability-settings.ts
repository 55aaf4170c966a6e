/**
 * The capability thresholds, kept with the organisation's other governance thresholds
 * (organisations.settings.governance): the governance rule and the capability evidence read the
 * same keys and defaults.
 */
export const CAPABILITY_DEFAULTS = { maxOutsideExpertisePct: 50, knowledgeTransferDays: 90 };

export const capabilitySettings = (stored: Record<string, unknown> | undefined): typeof CAPABILITY_DEFAULTS => ({
  maxOutsideExpertisePct: typeof stored?.maxOutsideExpertisePct === 'number' ? stored.maxOutsideExpertisePct : CAPABILITY_DEFAULTS.maxOutsideExpertisePct,
  knowledgeTransferDays: typeof stored?.knowledgeTransferDays === 'number' ? stored.knowledgeTransferDays : CAPABILITY_DEFAULTS.knowledgeTransferDays,
});
