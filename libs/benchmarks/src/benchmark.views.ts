import { RULES } from '@app/governance';

export const BENCHMARK_METRICS = ['governance_coverage', 'kpi', 'outside_expertise_share', 'optimism_gap_rate'] as const;
export type BenchmarkMetric = (typeof BENCHMARK_METRICS)[number];

const KPI_TITLES: Record<string, string> = {
  digital_take_up: 'Digital take-up (%)',
  completion_rate: 'Completion rate (%)',
  user_satisfaction: 'User satisfaction (%)',
  cost_per_transaction: 'Cost per transaction (£)',
};

/** A measure's name as the board reads it. */
export function benchmarkTitle(metric: string, kind: string): string {
  if (metric === 'governance_coverage') return `Governance coverage: ${RULES.find((r) => r.code === kind)?.title ?? kind} (% passing)`;
  if (metric === 'kpi') return KPI_TITLES[kind] ?? kind;
  if (metric === 'outside_expertise_share') return 'Spend on outside expertise (% of staff + contractors + consultancy)';
  if (metric === 'optimism_gap_rate') return 'Projects with an optimism gap (%)';
  return metric;
}

export interface BenchmarkFigureView {
  metric: string;
  kind: string | null;
  title: string;
  /** How many organisations the figure covers (never fewer than the minimum group). */
  contributors: number;
  lowerQuartile: string;
  median: string;
  upperQuartile: string;
  /** The organisation's own figure, computed for itself now; null when it has none for the measure. */
  own: string | null;
}

export interface BenchmarksView {
  participating: boolean;
  /** The latest computation, or null before the first. */
  run: { computedAt: string; organisations: number; minGroup: number } | null;
  figures: BenchmarkFigureView[];
  /** Own figures for measures with no published benchmark (too few organisations contribute). */
  unpublished: { metric: string; kind: string | null; title: string; own: string }[];
}

export interface ParticipationView {
  optedIn: boolean;
  changedAt: string | null;
}
