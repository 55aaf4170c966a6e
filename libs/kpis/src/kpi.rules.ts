import { type FieldError, isCalendarDate, todayInLondon } from '@app/platform';
import { isPercentKind, KpiKind, MAX_ABS_VALUE } from './kpi.enums';
import type { Kpi } from './kpi.model';


/** Problems with one value of a KPI of this kind (a measurement, a baseline or a target). */
export function valueProblem(kind: KpiKind, value: number): string | null {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE) return `must be a number between -${MAX_ABS_VALUE} and ${MAX_ABS_VALUE}`;
  if (isPercentKind(kind) && (value < 0 || value > 100)) return `must be a percentage from 0 to 100 for a ${kind.replace(/_/g, ' ')} KPI`;
  return null;
}

/** A measurement's date: a real date, not after today. */
export function measurementDateProblem(date: unknown, today: string = todayInLondon()): string | null {
  if (!isCalendarDate(date)) return 'must be a real date written YYYY-MM-DD';
  if (date > today) return `must not be in the future (today is ${today})`;
  return null;
}

type Definition = Pick<Kpi, 'kind' | 'direction' | 'baselineValue' | 'baselineDate' | 'targetValue' | 'targetDate'>;

/**
 * Cross-field rules on a whole KPI definition (after defaults or a patch are applied): values in
 * range for the kind, the target date after the baseline date, and the target on the side of the
 * baseline its direction says is better. A KPI may lack any of these (it is then "not measurable");
 * what it has must make sense.
 */
export function definitionProblems(kpi: Definition): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['baselineValue', 'targetValue'] as const) {
    const value = kpi[field];
    const problem = value === null ? null : valueProblem(kpi.kind, value);
    if (problem) errors.push({ field, message: `${field} ${problem}` });
  }
  if (kpi.baselineDate !== null && kpi.targetDate !== null && kpi.targetDate <= kpi.baselineDate) {
    errors.push({ field: 'targetDate', message: `targetDate must be after baselineDate (${kpi.baselineDate})` });
  }
  if (kpi.baselineValue !== null && kpi.targetValue !== null) {
    const better = kpi.direction === 'increase' ? kpi.targetValue > kpi.baselineValue : kpi.targetValue < kpi.baselineValue;
    if (!better) {
      errors.push({
        field: 'targetValue',
        message: `targetValue must be ${kpi.direction === 'increase' ? 'above' : 'below'} baselineValue (${kpi.baselineValue}) for a KPI whose direction is ${kpi.direction}`,
      });
    }
  }
  return errors;
}
