import { iso, lastDayOfMonth, Plan, ProjectPlan } from './plan';
import { Rng, STREAM } from './random';
import { N, ts } from './rows-portfolio';

type Kind = 'cost_per_transaction' | 'user_satisfaction' | 'completion_rate' | 'digital_take_up' | 'custom';

interface KpiSpec {
  id: string;
  kind: Kind;
  name: string;
  unit: string | null;
  direction: 'increase' | 'decrease';
  baseline: number;
  target: number | null;
  baselineDay: number;
  targetDay: number | null;
  frequency: 'monthly' | 'quarterly';
  status: 'active' | 'retired';
  /** 1 on track, lower falls behind the straight line from baseline to target. */
  pace: number;
  /** Months before the last closed one that measuring stopped (0: kept up to date). */
  stoppedMonthsAgo: number;
}

const TEMPLATES: Record<Kind, { name: string; unit: string; direction: 'increase' | 'decrease'; percent: boolean }> = {
  cost_per_transaction: { name: 'Cost per transaction', unit: 'GBP', direction: 'decrease', percent: false },
  user_satisfaction: { name: 'User satisfaction', unit: '%', direction: 'increase', percent: true },
  completion_rate: { name: 'Completion rate', unit: '%', direction: 'increase', percent: true },
  digital_take_up: { name: 'Digital take-up', unit: '%', direction: 'increase', percent: true },
  custom: { name: 'Calls avoided per month', unit: 'calls', direction: 'increase', percent: false },
};

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A project's KPIs (3 to 8), the same every time they are asked for: the kpis table and the
 * measurements are written from two calls. About one in seven is not measurable (no unit or no
 * target), one in seven stopped being measured some months ago, and a share fall behind.
 */
export function kpisOf(plan: Plan, p: ProjectPlan): KpiSpec[] {
  const rng = new Rng(plan.options.seed, STREAM.kpis, p.index);
  const count = rng.int(3, 8);
  const first = Math.max(p.startDay, plan.calendar.startDay);
  return Array.from({ length: count }, (_, j) => {
    const kind = j < 4 && rng.chance(0.8) ? (['cost_per_transaction', 'user_satisfaction', 'completion_rate', 'digital_take_up'] as const)[j] : rng.pick(Object.keys(TEMPLATES) as Kind[]);
    const t = TEMPLATES[kind];
    let baseline: number;
    let target: number;
    if (kind === 'cost_per_transaction') {
      baseline = round2(4 + rng.float() * 16);
      target = round2(baseline * (0.5 + rng.float() * 0.3));
    } else if (t.percent) {
      baseline = round2(20 + rng.float() * 60);
      target = round2(Math.min(100, baseline + 5 + rng.float() * 25));
    } else {
      baseline = Math.round(100 + rng.float() * 4900);
      target = Math.round(baseline * (1.2 + rng.float()));
    }
    const baselineDay = first + rng.int(0, 45);
    const measurable = rng.chance(0.86);
    const missing = measurable ? null : rng.pick(['unit', 'target', 'targetDate'] as const);
    return {
      id: rng.uuid(),
      kind,
      name: `${t.name}${j >= 4 ? ` ${j - 3}` : ''}`,
      unit: missing === 'unit' ? null : t.unit,
      direction: t.direction,
      baseline,
      target: missing === 'target' ? null : target,
      baselineDay,
      targetDay: missing === 'targetDate' ? null : baselineDay + rng.int(365, 1100),
      frequency: rng.chance(0.8) ? 'monthly' : 'quarterly',
      status: rng.chance(0.04) ? 'retired' : 'active',
      pace: rng.weighted([[1.08, 55], [0.9, 20], [0.5, 25]] as const),
      stoppedMonthsAgo: rng.chance(0.14) ? rng.int(2, 9) : 0,
    };
  });
}

export const KPI_COLUMNS = ['id', 'organisation_id', 'project_id', 'name', 'kind', 'unit', 'direction', 'baseline_value', 'baseline_date', 'target_value', 'target_date', 'tolerance_pct', 'frequency', 'status', 'created_at', 'updated_at'];
export function* kpiRows(plan: Plan): Generator<string> {
  for (const p of plan.projects) {
    const orgId = plan.orgs[p.org].id;
    for (const k of kpisOf(plan, p)) {
      yield `${k.id}\t${orgId}\t${p.id}\t${k.name}\t${k.kind}\t${k.unit ?? N}\t${k.direction}\t${k.baseline}\t${iso(k.baselineDay)}\t${k.target ?? N}\t${k.targetDay === null ? N : iso(k.targetDay)}\t5\t${k.frequency}\t${k.status}\t${ts(k.baselineDay)}\t${ts(k.baselineDay)}\n`;
    }
  }
}

export const MEASUREMENT_COLUMNS = ['id', 'organisation_id', 'kpi_id', 'measured_on', 'value', 'source', 'created_at', 'updated_at'];
/** Month-end readings from each KPI's baseline to the last closed month (or until it went stale). */
export function* measurementRows(plan: Plan): Generator<string> {
  const months = plan.calendar.monthStarts;
  for (const p of plan.projects) {
    const orgId = plan.orgs[p.org].id;
    const specs = kpisOf(plan, p);
    const rng = new Rng(plan.options.seed, STREAM.measurements, p.index);
    for (const k of specs) {
      const span = (k.targetDay ?? k.baselineDay + 730) - k.baselineDay;
      const goal = k.target ?? k.baseline * (k.direction === 'increase' ? 1.3 : 0.7);
      const percent = k.unit === '%' || TEMPLATES[k.kind].unit === '%';
      const source = rng.chance(0.6) ? 'integration' : 'manual';
      const last = months.length - 1 - k.stoppedMonthsAgo;
      for (let m = 0; m <= last; m++) {
        if (k.frequency === 'quarterly' && (months.length - 1 - m) % 3 !== 0) continue;
        const day = lastDayOfMonth(months[m]);
        if (day < k.baselineDay) continue;
        const progress = Math.min(1, (day - k.baselineDay) / span) * k.pace;
        let value = k.baseline + (goal - k.baseline) * progress + (goal - k.baseline) * (rng.float() - 0.5) * 0.06;
        if (percent) value = Math.min(100, Math.max(0, value));
        yield `${rng.uuid()}\t${orgId}\t${k.id}\t${iso(day)}\t${round2(value)}\t${source}\t${ts(day + 2)}\t${ts(day + 2)}\n`;
      }
    }
  }
}

/** The loader bypasses triggers, so the kept latest measurement per KPI is derived after the load, set-based. */
export const KPI_LATEST_SQL = `
  INSERT INTO kpi_latest_measurements (organisation_id, kpi_id, measured_on, value)
  SELECT DISTINCT ON (organisation_id, kpi_id) organisation_id, kpi_id, measured_on, value
    FROM kpi_measurements ORDER BY organisation_id, kpi_id, measured_on DESC`;
