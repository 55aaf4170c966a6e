export const KPI_KINDS = ['cost_per_transaction', 'user_satisfaction', 'completion_rate', 'digital_take_up', 'custom'] as const;
export type KpiKind = (typeof KPI_KINDS)[number];

/** Kinds whose values are percentages, so baseline, target and measurements must lie in 0..100. */
export const PERCENT_KINDS: readonly KpiKind[] = ['user_satisfaction', 'completion_rate', 'digital_take_up'];
export const isPercentKind = (kind: KpiKind): boolean => PERCENT_KINDS.includes(kind);

export const DIRECTIONS = ['increase', 'decrease'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const FREQUENCIES = ['monthly', 'quarterly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const KPI_STATUSES = ['active', 'retired'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];

export const MEASUREMENT_SOURCES = ['manual', 'integration', 'import'] as const;
export type MeasurementSource = (typeof MEASUREMENT_SOURCES)[number];

export const EVALUATION_STATUSES = ['on_track', 'at_risk', 'off_track', 'no_data', 'not_measurable'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

/** The largest magnitude a KPI value may have: measurements, not astronomy. */
export const MAX_ABS_VALUE = 1e12;

export const DEFAULT_TOLERANCE_PCT = 5;
