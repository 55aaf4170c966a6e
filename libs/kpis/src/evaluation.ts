import type { Direction, EvaluationStatus, Frequency } from './kpi.enums';

/** What the evaluation needs to know about a KPI (values as numbers, dates as YYYY-MM-DD). */
export interface KpiDefinition {
  name: string;
  unit: string | null;
  direction: Direction;
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number | null;
  targetDate: string | null;
  tolerancePct: number;
  frequency: Frequency;
  /** When tracking began (YYYY-MM-DD); a KPI with no measurement is stale once this is older than its window. */
  trackedSince?: string | null;
}

export interface LatestMeasurement {
  date: string;
  value: number;
}

export interface Evaluation {
  status: EvaluationStatus;
  /** Share of the way from baseline to target reached by the latest value (may be below 0 or above 100). */
  progressPct: number | null;
  /** Share of the way the straight line from baseline date to target date says we should be by now (0..100). */
  expectedPct: number | null;
  latest: LatestMeasurement | null;
  stale: boolean;
  explanation: string;
}

/** The fields a KPI needs to be measurable, in the order the API lists what is missing. */
export const MEASURABLE_FIELDS = ['unit', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate'] as const;

/** Days a measurement may be old before the KPI is stale: one period of its frequency plus 15 days' grace. */
export const FREQUENCY_DAYS: Record<Frequency, number> = { monthly: 31, quarterly: 92 };
export const STALE_GRACE_DAYS = 15;
export const staleAfterDays = (frequency: Frequency): number => FREQUENCY_DAYS[frequency] + STALE_GRACE_DAYS;

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const asOfDay = (asOf: Date): number => Math.floor(asOf.getTime() / DAY_MS);

/**
 * What stops a KPI being measurable: absent fields by name, plus `targetDateAfterBaselineDate` and
 * `targetValueDiffersFromBaseline` when both ends exist but cannot make a trajectory. Writes refuse
 * those two, so in practice the list names absent fields only.
 */
export function missingForMeasurable(kpi: KpiDefinition): string[] {
  const missing: string[] = [];
  if (kpi.unit === null || kpi.unit.trim() === '') missing.push('unit');
  if (kpi.baselineValue === null) missing.push('baselineValue');
  if (kpi.baselineDate === null) missing.push('baselineDate');
  if (kpi.targetValue === null) missing.push('targetValue');
  if (kpi.targetDate === null) missing.push('targetDate');
  if (kpi.baselineDate !== null && kpi.targetDate !== null && dayNumber(kpi.targetDate) <= dayNumber(kpi.baselineDate)) missing.push('targetDateAfterBaselineDate');
  if (kpi.baselineValue !== null && kpi.targetValue !== null && kpi.baselineValue === kpi.targetValue) missing.push('targetValueDiffersFromBaseline');
  return missing;
}

export function isStale(kpi: KpiDefinition, latest: LatestMeasurement | null, asOf: Date): boolean {
  const since = latest?.date ?? kpi.trackedSince ?? null;
  return since !== null && asOfDay(asOf) - dayNumber(since) > staleAfterDays(kpi.frequency);
}

/**
 * Evaluates a KPI at `asOf` from its latest measurement on or before then. Pure: the same inputs
 * always give the same answer, so the roll-up, the API and the tests agree.
 *
 * progress = (latest - baseline) / (target - baseline) * 100: the signs cancel, so the same formula
 * serves "increase" and "decrease" KPIs and targets below the baseline. expected = elapsed share of
 * baseline date -> target date, clamped to 0..100. On track when progress >= expected (so reaching
 * the target is always on track); at risk when behind by no more than the tolerance; else off track.
 */
export function evaluateKpi(kpi: KpiDefinition, latest: LatestMeasurement | null, asOf: Date): Evaluation {
  const stale = isStale(kpi, latest, asOf);
  const staleNote = stale ? `; stale: ${latest ? `last measured ${latest.date}` : 'never measured'}, expected ${kpi.frequency}` : '';
  const missing = missingForMeasurable(kpi);
  if (missing.length > 0) {
    return { status: 'not_measurable', progressPct: null, expectedPct: null, latest, stale, explanation: `${kpi.name} is not measurable: it lacks ${missing.join(', ')}${staleNote}` };
  }
  const baseline = kpi.baselineValue as number;
  const target = kpi.targetValue as number;
  const start = dayNumber(kpi.baselineDate as string);
  const end = dayNumber(kpi.targetDate as string);
  const expected = Math.min(100, Math.max(0, ((asOfDay(asOf) - start) / (end - start)) * 100));
  const expectedValue = baseline + ((target - baseline) * expected) / 100;
  if (!latest) {
    return {
      status: 'no_data',
      progressPct: null,
      expectedPct: round(expected),
      latest: null,
      stale,
      explanation: `${kpi.name} has no measurement yet; ${show(expectedValue, kpi.unit)} expected by now on the way from ${show(baseline, kpi.unit)} to ${show(target, kpi.unit)}${staleNote}`,
    };
  }
  const progress = ((latest.value - baseline) / (target - baseline)) * 100;
  const behind = expected - progress;
  const status: EvaluationStatus = behind <= 0 ? 'on_track' : behind <= kpi.tolerancePct ? 'at_risk' : 'off_track';
  const verdict = progress >= 100 ? `target of ${show(target, kpi.unit)} reached` : status.replace('_', ' ');
  const wrongWay = progress < 0 ? `; moving the wrong way (${kpi.direction === 'increase' ? 'below' : 'above'} its baseline of ${show(baseline, kpi.unit)})` : '';
  return {
    status,
    progressPct: round(progress),
    expectedPct: round(expected),
    latest,
    stale,
    explanation:
      `${kpi.name} ${show(latest.value, kpi.unit)} against an expected ${show(expectedValue, kpi.unit)} by now ` +
      `(${round(progress)}% of the way to ${show(target, kpi.unit)}, ${round(expected)}% expected); tolerance ${round(kpi.tolerancePct)} points: ${verdict}${wrongWay}${staleNote}`,
  };
}

const round = (n: number, places = 1): number => {
  const f = 10 ** places;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** "71%", "4.35 GBP per transaction", "1200 visits". */
function show(value: number, unit: string | null): string {
  const n = String(round(value, 2));
  if (!unit) return n;
  return unit === '%' ? `${n}%` : `${n} ${unit}`;
}
