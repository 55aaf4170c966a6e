/** Text enums of the delivery area (varchar + CHECK in the database). */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Where a milestone stands. An achieved milestone has its actual date; a cancelled one no longer counts. */
export const MILESTONE_STATUSES = ['not_started', 'in_progress', 'achieved', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/**
 * The kinds of benefit a public body reports: cash-releasing (money that can be taken out of a
 * budget), non-cash-releasing (money's worth, such as staff time, redeployed) and non-monetised
 * (an improvement not valued in money, such as satisfaction).
 */
export const BENEFIT_KINDS = ['cash_releasing', 'non_cash_releasing', 'non_monetised'] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];

/** Where a realised amount came from: a measurement of the benefit's KPI, or entered with its evidence. */
export const REALISATION_SOURCES = ['kpi', 'entered'] as const;
export type RealisationSource = (typeof REALISATION_SOURCES)[number];
