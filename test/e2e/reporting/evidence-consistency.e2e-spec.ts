import fc from 'fast-check';
import { Db } from '@app/platform';
import { ScanService } from '@app/governance';
import { TestContext, TestOrg } from '@test/support/test-app';
import { currentFinancialYear, day, lastClosedPeriod } from '@test/support/factories/evidence';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { BoardClient } from '../board/board-client';
import { seedDemo } from '../board/demo';

/**
 * Every count a board can see (optimism gaps, critical flags, KPIs off track, projects over
 * budget) is the same on every page and endpoint, and the same as counting the underlying rows
 * directly: on the demo data and on random portfolios.
 */

const RATINGS = ['green', 'amber_green', 'amber', 'amber_red', 'red'] as const;
const period = lastClosedPeriod();
const before = (p: string) => {
  const [y, m] = p.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

const kpi = fc.record({ measurable: fc.boolean(), value: fc.constantFrom(70, 64, 40, null) });
const project = fc.record({
  status: fc.constantFrom('active', 'active', 'active', 'active', 'paused', 'archived'),
  phase: fc.constantFrom('alpha', 'beta', 'live', 'retired'),
  kpis: fc.array(kpi, { maxLength: 2 }),
  budget: fc.constantFrom(0, 100000),
  spent: fc.constantFrom(0, 50000, 104000, 112000, 130000),
  forecast: fc.constantFrom(null, 90000, 120000),
  report: fc.option(fc.constantFrom(...RATINGS), { nil: null }),
  olderReport: fc.option(fc.constantFrom(...RATINGS), { nil: null }),
  feedback: fc.boolean(),
  acknowledge: fc.boolean(),
});
const programme = fc.record({ objective: fc.boolean(), report: fc.option(fc.constantFrom(...RATINGS), { nil: null }), projects: fc.array(project, { minLength: 1, maxLength: 4 }) });
const portfolio = fc.array(programme, { minLength: 1, maxLength: 3 });
type Portfolio = typeof portfolio extends fc.Arbitrary<infer T> ? T : never;

async function arrange(ctx: TestContext, org: TestOrg, shape: Portfolio): Promise<void> {
  const db = ctx.db;
  const fy = currentFinancialYear();
  for (const g of shape) {
    const objective = g.objective ? (await db.query(`INSERT INTO strategic_objectives (organisation_id, code, title) VALUES ($1, 'OBJ-' || substr(md5(random()::text), 1, 8), 'Objective') RETURNING id`, [org.id])).rows[0].id : null;
    const programmeRow = await insertProgramme(db, org.id, { objectiveId: objective });
    if (g.report)
      await db.query(
        `INSERT INTO status_reports (organisation_id, subject_type, programme_id, period, overall, schedule, cost, scope, benefits, risk, resourcing, reported_by, narrative)
         VALUES ($1, 'programme', $2, $3, $4, 'green', 'green', 'green', 'green', 'green', 'green', 'test', 'see risks')`,
        [org.id, programmeRow.id, period, g.report],
      );
    for (const p of g.projects) {
      const row = await insertProject(db, org.id, { programmeId: programmeRow.id, phase: p.phase, status: p.status });
      for (const k of p.kpis) {
        const kpiId = (
          await db.query(
            `INSERT INTO kpis (organisation_id, project_id, name, kind, unit, direction, baseline_value, baseline_date, target_value, target_date, tolerance_pct, frequency)
             VALUES ($1, $2, 'KPI ' || substr(md5(random()::text), 1, 6), 'user_satisfaction', $3, 'increase', 50, $4, 80, $5, 5, 'monthly') RETURNING id`,
            [org.id, row.id, k.measurable ? '%' : null, day(-365), day(365)],
          )
        ).rows[0].id;
        if (k.value !== null) await db.query(`INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value, source) VALUES ($1, $2, $3, $4, 'manual')`, [org.id, kpiId, day(-5), k.value]);
      }
      if (p.budget) await db.query(`INSERT INTO budgets (organisation_id, project_id, financial_year, category, amount) VALUES ($1, $2, $3, 'resource', $4)`, [org.id, row.id, fy, p.budget]);
      if (p.spent) await db.query(`INSERT INTO spend_totals (organisation_id, project_id, financial_year, category, total, entry_count) VALUES ($1, $2, $3, 'resource', $4, 1)`, [org.id, row.id, fy, p.spent]);
      if (p.forecast) await db.query(`INSERT INTO forecasts (organisation_id, project_id, financial_year, amount, as_of) VALUES ($1, $2, $3, $4, $5)`, [org.id, row.id, fy, p.forecast, day(-3)]);
      const report = (rating: string, at: string) =>
        db.query(
          `INSERT INTO status_reports (organisation_id, subject_type, project_id, period, overall, schedule, cost, scope, benefits, risk, resourcing, reported_by, narrative)
           VALUES ($1, 'project', $2, $3, $4, 'green', 'green', 'green', 'green', 'green', 'green', 'test', 'see risks')`,
          [org.id, row.id, at, rating],
        );
      if (p.olderReport) await report(p.olderReport, before(period));
      if (p.report) await report(p.report, period);
      if (p.feedback) {
        const group = (await db.query(`INSERT INTO stakeholder_groups (organisation_id, project_id, name, kind, internal, size) VALUES ($1, $2, 'Residents', 'citizens', false, 100) RETURNING id`, [org.id, row.id])).rows[0].id;
        await db.query(
          `INSERT INTO engagements (organisation_id, project_id, group_id, kind, occurred_on, participants, findings, actions_taken, actions_recorded_at)
           VALUES ($1, $2, $3, 'usability_test', $4, 8, 'Found it confusing', 'Rewrote it', now())`,
          [org.id, row.id, group, day(-10)],
        );
      }
    }
  }
  await ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
  // Some flags acknowledged through the API: still open, still counted.
  const toAcknowledge = shape.flatMap((g) => g.projects).some((p) => p.acknowledge);
  if (toAcknowledge) {
    const [flag] = (await db.query(`SELECT id FROM flags WHERE organisation_id = $1 AND status = 'open' AND severity = 'critical' LIMIT 1`, [org.id])).rows;
    if (flag) await ctx.as(org.adminToken).post(`/v1/flags/${flag.id}/acknowledge`).send({ note: 'seen by the board' }).expect(200);
    // Others acted on (an open action) and accepted for now: still open, counted as such everywhere.
    const others = (await db.query(`SELECT id FROM flags WHERE organisation_id = $1 AND status = 'open' ORDER BY id LIMIT 3`, [org.id])).rows;
    const owner = (await db.query(`INSERT INTO people (organisation_id, email, name, status) VALUES ($1, 'owner-' || substr(md5(random()::text), 1, 8) || '@example.gov.uk', 'Owner', 'active') RETURNING id`, [org.id])).rows[0].id;
    if (others[0]) await ctx.as(org.adminToken).post(`/v1/flags/${others[0].id}/actions`).send({ title: 'Fix it', ownerPersonId: owner, dueOn: day(10) }).expect(201);
    if (others[1]) await ctx.as(org.adminToken).post(`/v1/flags/${others[1].id}/accept`).send({ until: day(30), reason: 'accepted for the quarter' }).expect(200);
    if (others[2]) {
      await ctx.as(org.adminToken).post(`/v1/flags/${others[2].id}/actions`).send({ title: 'Fix it too', ownerPersonId: owner, dueOn: day(10) }).expect(201);
      await ctx.as(org.adminToken).post(`/v1/flags/${others[2].id}/accept`).send({ until: day(30), reason: 'and accepted meanwhile' }).expect(200);
    }
  }
}

interface Counts {
  acceptedFlags?: number;
  actedOnFlags?: number;
  optimismGaps: number;
  programmeOptimismGaps: number;
  criticalFlags: number;
  offTrackKpis: number;
  overBudget: number;
}

/** The counts from the underlying rows: flags, the KPI API's own evaluation, and the finance rows. */
async function direct(ctx: TestContext, org: TestOrg): Promise<Counts> {
  const db = ctx.db;
  const flags = (await db.query(
    `SELECT f.rule, f.severity, f.status = 'accepted' AS accepted,
            EXISTS (SELECT 1 FROM actions a WHERE a.organisation_id = f.organisation_id AND a.parent_type = 'flag' AND a.parent_id = f.id AND a.status = 'open') AS acted_on
       FROM flags f
       LEFT JOIN projects p ON p.organisation_id = f.organisation_id AND p.id = f.project_id
       JOIN programmes g ON g.organisation_id = f.organisation_id AND g.id = f.programme_id
      WHERE f.organisation_id = $1 AND f.status <> 'resolved' AND (p.id IS NULL OR p.status <> 'archived') AND g.status <> 'archived'`,
    [org.id],
  )).rows as { rule: string; severity: string; accepted: boolean; acted_on: boolean }[];
  const active = new Set((await db.query(`SELECT id FROM projects WHERE organisation_id = $1 AND status = 'active' AND phase <> 'retired'`, [org.id])).rows.map((r) => r.id as string));
  let offTrackKpis = 0;
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { body: { data: { projectId: string; evaluation: { status: string } }[]; nextCursor: string | null } } = await ctx
      .as(org.adminToken)
      .get(`/v1/kpis?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
      .expect(200);
    offTrackKpis += page.body.data.filter((k) => active.has(k.projectId) && k.evaluation.status === 'off_track').length;
    cursor = page.body.nextCursor;
  }
  const fy = currentFinancialYear();
  const money = (await db.query(
    `SELECT p.id,
            (SELECT coalesce(sum(amount), 0) FROM budgets b WHERE b.project_id = p.id AND b.financial_year = $2) AS budget,
            (SELECT coalesce(sum(total), 0) FROM spend_totals s WHERE s.project_id = p.id AND s.financial_year = $2) AS spent,
            (SELECT amount FROM forecasts f WHERE f.project_id = p.id AND f.financial_year = $2 ORDER BY as_of DESC, created_at DESC LIMIT 1) AS forecast
       FROM projects p WHERE p.organisation_id = $1`,
    [org.id, fy],
  )).rows as { id: string; budget: string; spent: string; forecast: string | null }[];
  // Pence, so no floating point touches money: over by more than the 5% tolerance.
  const pence = (v: string) => BigInt(Math.round(Number(v) * 100));
  const overBudget = money.filter((m) => {
    if (!active.has(m.id) || pence(m.budget) === 0n) return false;
    const exposure = m.forecast !== null && pence(m.forecast) > pence(m.spent) ? pence(m.forecast) : pence(m.spent);
    return exposure * 100n > pence(m.budget) * 105n;
  }).length;
  return {
    optimismGaps: flags.filter((f) => f.rule === 'optimism_gap').length,
    programmeOptimismGaps: flags.filter((f) => f.rule === 'programme_optimism_gap').length,
    criticalFlags: flags.filter((f) => f.severity === 'critical').length,
    acceptedFlags: flags.filter((f) => f.accepted).length,
    actedOnFlags: flags.filter((f) => f.acted_on).length,
    offTrackKpis,
    overBudget,
  };
}

const number = (html: string, name: string) => Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(html)?.[1]);
const fromPage = (html: string): Counts => ({
  optimismGaps: number(html, 'optimism-gaps'),
  programmeOptimismGaps: number(html, 'programme-optimism-gaps'),
  criticalFlags: number(html, 'critical-flags'),
  offTrackKpis: number(html, 'kpis-off-track'),
  overBudget: number(html, 'over-budget'),
});

/** Asserts every page and endpoint against the direct counts. */
async function assertConsistent(ctx: TestContext, org: TestOrg): Promise<Counts> {
  const { acceptedFlags, actedOnFlags, ...expected } = await direct(ctx, org);
  const api = ctx.as(org.adminToken);
  const view = (await api.get('/v1/portfolio').expect(200)).body;
  expect(view.evidenceAsOf).toEqual(expect.any(String));
  const { summary } = view;
  expect({ optimismGaps: summary.optimismGaps, programmeOptimismGaps: summary.programmeOptimismGaps, criticalFlags: summary.criticalFlags, offTrackKpis: summary.offTrackKpis, overBudget: summary.overBudget }).toEqual(expected);

  // The rows of the JSON add up to the same.
  type P = { id: string; optimismGap: number | null; optimismGapFlagged: boolean; kpis: { off_track: number }; finance: { overBudget: boolean } | null; openFlags: { critical: number }; status: string };
  const projects: P[] = view.programmes.flatMap((g: { projects: P[] }) => g.projects);
  const own = view.programmes.reduce((n: number, g: { ownFlags: { critical: number } }) => n + g.ownFlags.critical, 0);
  expect({
    optimismGaps: projects.filter((p) => p.optimismGapFlagged).length,
    programmeOptimismGaps: view.programmes.filter((g: { optimismGapFlagged: boolean }) => g.optimismGapFlagged).length,
    criticalFlags: projects.reduce((n, p) => n + p.openFlags.critical, 0) + own,
    offTrackKpis: projects.reduce((n, p) => n + p.kpis.off_track, 0),
    overBudget: projects.filter((p) => p.finance?.overBudget).length,
  }).toEqual(expected);

  // Flags accepted for now and acted on: the project rows and the programmes' own, and the programme totals.
  type F = { accepted: number; actedOn: number };
  const ownOf = (key: keyof F) => view.programmes.reduce((n: number, g: { ownFlags: F }) => n + g.ownFlags[key], 0);
  const rowsOf = (key: keyof F) => (projects as unknown as { openFlags: F }[]).reduce((n, p) => n + p.openFlags[key], 0);
  const totalsOf = (key: keyof F) => view.programmes.reduce((n: number, g: { totals: { openFlags: F } }) => n + g.totals.openFlags[key], 0);
  expect({ accepted: rowsOf('accepted') + ownOf('accepted'), actedOn: rowsOf('actedOn') + ownOf('actedOn') }).toEqual({ accepted: acceptedFlags, actedOn: actedOnFlags });
  expect({ accepted: totalsOf('accepted'), actedOn: totalsOf('actedOn') }).toEqual({ accepted: acceptedFlags, actedOn: actedOnFlags });

  // CSV: the project rows.
  const csv = (await api.get('/v1/portfolio.csv').expect(200)).text.trim().split('\r\n');
  const header = csv[0].split(',');
  const column = (name: string) => csv.slice(1).map((line) => line.split(',')[header.indexOf(name)]);
  expect(column('Optimism gap flagged').filter((v) => v === 'yes').length).toBe(expected.optimismGaps);
  expect(column('KPIs off track').reduce((n, v) => n + Number(v), 0)).toBe(expected.offTrackKpis);
  expect(column('Over budget').filter((v) => v === 'yes').length).toBe(expected.overBudget);
  expect(column('Critical flags').reduce((n, v) => n + Number(v), 0)).toBe(expected.criticalFlags - own);

  // Coverage: the projects failing the optimism rules.
  const coverage = (await api.get('/v1/governance/coverage').expect(200)).body;
  const failing = (rule: string) => coverage.organisation.rules.find((r: { rule: string }) => r.rule === rule);
  expect(failing('optimism_gap').total - failing('optimism_gap').passing).toBe(expected.optimismGaps);
  expect(failing('programme_optimism_gap').total - failing('programme_optimism_gap').passing).toBe(expected.programmeOptimismGaps);

  // Each project's rating endpoint says the same gap as its row.
  for (const p of projects.filter((x) => x.status === 'active')) {
    const rating = await api.get(`/v1/projects/${p.id}/rating`);
    if (rating.status === 409) continue; // retired: not rated, and then not counted either
    expect(rating.status).toBe(200);
    expect({ gap: rating.body.gapSteps, flagged: rating.body.optimismGapFlagged }).toEqual({ gap: p.optimismGap, flagged: p.optimismGapFlagged });
  }

  // The critical flags as the flags list counts them.
  let listed = 0;
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { body: { data: unknown[]; nextCursor: string | null } } = await api.get(`/v1/flags?status=unresolved&severity=critical&limit=200${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
    listed += page.body.data.length;
    cursor = page.body.nextCursor;
  }
  expect(listed).toBe(expected.criticalFlags);

  // The board's pages.
  const board = new BoardClient(ctx);
  await board.signIn(org.adminToken);
  expect(fromPage((await board.get('/board').expect(200)).text)).toEqual(expected);
  const pack = (await board.get('/board/pack').expect(200)).text;
  expect(fromPage(pack)).toEqual(expected);
  const packSum = (name: string) => [...pack.matchAll(new RegExp(`data-count="${name}">(\\d+)<`, 'g'))].reduce((n, m) => n + Number(m[1]), 0);
  expect({ accepted: packSum('accepted-flags'), actedOn: packSum('acted-on-flags') }).toEqual({ accepted: acceptedFlags, actedOn: actedOnFlags });
  const coveragePage = (await board.get('/board/coverage').expect(200)).text;
  const optimismRow = /Optimism gap<\/th>[\s\S]*?(\d+) of (\d+) projects? passing/.exec(coveragePage);
  if (optimismRow) expect(Number(optimismRow[2]) - Number(optimismRow[1])).toBe(expected.optimismGaps);
  for (const p of projects.filter((x) => x.status === 'active').slice(0, 3)) {
    const page = (await board.get(`/board/projects/${p.id}`).expect(200)).text;
    expect(page.includes('Optimism gap: the reported rating is')).toBe(p.optimismGapFlagged);
  }
  return { ...expected, acceptedFlags, actedOnFlags };
}

describe('one source of evidence', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
  });
  afterAll(() => ctx.close());

  it('counts the same on every page and endpoint as in the rows, on the demo data', async () => {
    const org = await seedDemo(ctx);
    const counts = await assertConsistent(ctx, org);
    // The demo has something of each to count.
    expect(counts.optimismGaps).toBeGreaterThan(0);
    expect(counts.criticalFlags).toBeGreaterThan(0);
    expect(counts.offTrackKpis).toBeGreaterThan(0);
    expect(counts.overBudget).toBeGreaterThan(0);
    // The demo's RAID log: flags accepted or acted on come from the arranged portfolios; here, none yet.
    expect(counts.acceptedFlags).toBe(0);
  }, 60_000);

  it('counts the same on every page and endpoint as in the rows, on 50 random portfolios', async () => {
    await fc.assert(
      fc.asyncProperty(portfolio, async (shape) => {
        const org = await ctx.newOrganisation();
        await arrange(ctx, org, shape);
        await assertConsistent(ctx, org);
      }),
      { numRuns: 50, endOnFailure: true },
    );
  }, 300_000);
});
