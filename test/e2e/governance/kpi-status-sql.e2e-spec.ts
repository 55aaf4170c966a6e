import fc from 'fast-check';
import { Db } from '@app/platform';
import { CONTEXT } from '@app/governance';
import { evaluateKpi, KpiDefinition } from '@app/kpis';
import { TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { day } from '@test/support/factories/evidence';

/**
 * The scans evaluate KPIs in SQL; the API evaluates them in TypeScript. Both must give the same
 * status and staleness for any KPI, or a board would see a flag that the KPI page contradicts.
 */
describe('KPI evaluation in SQL agrees with the TypeScript evaluation', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  const value = fc.integer({ min: -5000, max: 5000 }).map((n) => n / 10);
  const kpi = fc.record({
    direction: fc.constantFrom('increase', 'decrease'),
    baseline: value,
    targetDelta: fc.integer({ min: 1, max: 3000 }).map((n) => n / 10),
    baselineDay: fc.integer({ min: -900, max: 0 }),
    span: fc.integer({ min: 1, max: 1200 }),
    tolerance: fc.integer({ min: 0, max: 2000 }).map((n) => n / 100),
    frequency: fc.constantFrom('monthly', 'quarterly'),
    measurement: fc.option(fc.record({ value, day: fc.integer({ min: -400, max: 0 }) }), { nil: null }),
    createdDaysAgo: fc.integer({ min: 0, max: 300 }),
    dropTarget: fc.boolean(),
  });
  // Random readings rarely land within a KPI's tolerance of its expected line, so every sixth KPI
  // is read half its tolerance behind the line: at risk, far enough from either edge that rounding
  // the reading to one decimal cannot move it across.
  const nearLine = fc.record({
    targetDelta: fc.integer({ min: 500, max: 3000 }).map((n) => n / 10),
    tolerance: fc.integer({ min: 200, max: 2000 }).map((n) => n / 100),
    day: fc.integer({ min: -30, max: 0 }),
  });

  /** 300 random KPIs on a new project, each with the definition and reading the TypeScript evaluation takes. */
  async function insertSamples() {
    const project = await insertProject(ctx.db, org.id);
    const samples = fc.sample(kpi, 300).map((k, i) => (i % 6 === 1 ? atRisk(k, fc.sample(nearLine, 1)[0]) : k));
    const inserted = new Map<string, { definition: KpiDefinition; latest: { date: string; value: number } | null; nearLine: boolean }>();
    for (const [i, k] of samples.entries()) {
      const target = k.direction === 'increase' ? k.baseline + k.targetDelta : k.baseline - k.targetDelta;
      const definition = {
        name: `K${i}`,
        unit: '%',
        direction: k.direction as 'increase' | 'decrease',
        baselineValue: k.baseline,
        baselineDate: day(k.baselineDay),
        targetValue: k.dropTarget && i % 5 === 0 ? null : target,
        targetDate: day(k.baselineDay + k.span),
        tolerancePct: k.tolerance,
        frequency: k.frequency as 'monthly' | 'quarterly',
        trackedSince: day(-k.createdDaysAgo),
      };
      const { rows } = await ctx.db.query(
        `INSERT INTO kpis (organisation_id, project_id, name, kind, unit, direction, baseline_value, baseline_date, target_value, target_date, tolerance_pct, frequency, created_at)
         VALUES ($1, $2, $3, 'custom', '%', $4, $5, $6, $7, $8, $9, $10, now() - make_interval(days => $11)) RETURNING id`,
        [org.id, project.id, definition.name, definition.direction, definition.baselineValue, definition.baselineDate, definition.targetValue, definition.targetDate, k.tolerance, k.frequency, k.createdDaysAgo],
      );
      const latest = k.measurement ? { date: day(k.measurement.day), value: k.measurement.value } : null;
      if (latest) await ctx.db.query(`INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value, source) VALUES ($1, $2, $3, $4, 'manual')`, [org.id, rows[0].id, latest.date, latest.value]);
      inserted.set(rows[0].id, { definition, latest, nearLine: i % 6 === 1 });
    }
    return { project, kpis: inserted };
  }

  it('gives the same status and staleness for 300 random KPIs', async () => {
    const { project, kpis } = await insertSamples();
    const expected = new Map<string, { status: string; stale: boolean }>();
    const nearLineIds = new Set<string>();
    for (const [id, k] of kpis) {
      const evaluation = evaluateKpi(k.definition, k.latest, new Date());
      expected.set(id, { status: evaluation.status, stale: evaluation.stale });
      if (k.nearLine) nearLineIds.add(id);
    }
    const sql = await ctx.app
      .get(Db)
      .system((m) => m.query(`${CONTEXT} SELECT kpi_id, status, stale FROM kpi_status WHERE project_id = $4`, [org.id, day(0), null, project.id]));
    expect(sql).toHaveLength(kpis.size);
    const disagreements = sql.filter((r: { kpi_id: string; status: string; stale: boolean }) => {
      const ts = expected.get(r.kpi_id);
      return ts?.status !== r.status || ts?.stale !== r.stale;
    });
    expect(disagreements).toEqual([]);
    expect(sql.filter((r: { kpi_id: string; status: string }) => nearLineIds.has(r.kpi_id) && r.status !== 'at_risk')).toEqual([]);
    // The sample should exercise every status, or the comparison proves little.
    expect(new Set(sql.map((r: { status: string }) => r.status))).toEqual(new Set(['on_track', 'at_risk', 'off_track', 'no_data', 'not_measurable']));
  });

  // The next night's scan re-judges a project from its next KPI change day on: a day late would
  // leave a stale verdict, a day early re-judges it for nothing. For every KPI it is the first day the
  // TypeScript evaluation differs from today's.
  it('gives each KPI the first day its status or staleness changes', async () => {
    const { project, kpis } = await insertSamples();
    const rows: { kpi_id: string; next: string | null }[] = await ctx.app
      .get(Db)
      .system((m) => m.query(`${CONTEXT} SELECT kpi_id, to_char(next_change_on, 'YYYY-MM-DD') AS next FROM kpi_status WHERE project_id = $4`, [org.id, day(0), null, project.id]));
    expect(rows).toHaveLength(kpis.size);
    const horizon = 1300; // past every sample's target date and staleness
    const late: unknown[] = [];
    const early: unknown[] = [];
    let changing = 0;
    for (const { kpi_id, next } of rows) {
      const k = kpis.get(kpi_id)!;
      const on = (n: number) => evaluateKpi(k.definition, k.latest, new Date(Date.now() + n * 86_400_000));
      const today = on(0);
      let first: number | null = null;
      for (let n = 1; n <= horizon && first === null; n++) {
        const then = on(n);
        if (then.status !== today.status || then.stale !== today.stale) first = n;
      }
      if (first !== null) changing += 1;
      const expected = first === null ? null : day(first);
      if (next === expected) continue;
      (next === null || (expected !== null && next > expected) ? late : early).push({ kpi_id, next, expected, k });
    }
    expect(late).toEqual([]);
    expect(early).toEqual([]);
    // Most samples change within the horizon (their line moves or they go stale), or this proves little.
    expect(changing).toBeGreaterThan(100);
    // The project's day is its KPIs' first.
    const [rollup] = await ctx.app
      .get(Db)
      .system((m) => m.query(`${CONTEXT} SELECT to_char(next_change_on, 'YYYY-MM-DD') AS next FROM kpi_rollup WHERE project_id = $4`, [org.id, day(0), null, project.id]));
    const days = rows.map((r) => r.next).filter((d): d is string => d !== null).sort();
    expect(rollup.next).toBe(days[0]);
  });
});

type Sample = {
  direction: string;
  baseline: number;
  targetDelta: number;
  baselineDay: number;
  span: number;
  tolerance: number;
  measurement: { value: number; day: number } | null;
  dropTarget: boolean;
};

/** The same KPI with a target and a reading half its tolerance behind where it should be today. */
function atRisk<T extends Sample>(k: T, near: { targetDelta: number; tolerance: number; day: number }): T {
  const span = Math.max(k.span, 1 - k.baselineDay); // the target date is today or later, so "expected" moves with the calendar
  const expectedPct = (-k.baselineDay / span) * 100;
  const progressPct = expectedPct - near.tolerance / 2;
  const signedDelta = k.direction === 'increase' ? near.targetDelta : -near.targetDelta;
  const value = Math.round((k.baseline + (signedDelta * progressPct) / 100) * 10) / 10;
  return { ...k, span, targetDelta: near.targetDelta, tolerance: near.tolerance, measurement: { value, day: near.day }, dropTarget: false };
}
