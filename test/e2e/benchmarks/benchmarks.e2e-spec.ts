import { BenchmarksService } from '@app/benchmarks';
import { JOBS, loadConfig, QUEUES } from '@app/platform';
import { insertSpendEntry } from '@test/support/factories/capability';
import { daysAgo } from '@test/support/factories/engagement';
import { insertKpi, insertMeasurements } from '@test/support/factories/kpis';
import { insertProgramme, insertProject } from '@test/support/factories/portfolio';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';
import { obliterate, queueOf, startWorker, waitFor } from '@test/support/test-worker';

/**
 * Five organisations, each with two active projects and figures chosen so the quartiles can be
 * worked out by hand (position q * (n - 1) in the sorted values; with five, exact positions 1, 2, 3).
 */
interface OrgData {
  outside: string; // of 100,000 split with staff
  unflaggedNeeds: number; // projects of 2 without a no_user_need flag
  optimismGaps: number;
  takeUp: number[];
  cost: number[];
}
const DATA: OrgData[] = [
  { outside: '10000.00', unflaggedNeeds: 0, optimismGaps: 1, takeUp: [30], cost: [4.1, 5.3] }, // own cost median 4.70
  { outside: '20000.00', unflaggedNeeds: 1, optimismGaps: 0, takeUp: [45], cost: [3.25] },
  { outside: '40000.00', unflaggedNeeds: 2, optimismGaps: 0, takeUp: [50], cost: [6] },
  { outside: '60000.00', unflaggedNeeds: 2, optimismGaps: 0, takeUp: [70], cost: [7.15] },
  { outside: '90000.00', unflaggedNeeds: 2, optimismGaps: 0, takeUp: [85], cost: [12.4] },
];

// Worked by hand from DATA (sorted values, positions 1, 2 and 3 of 0..4):
const EXPECTED = {
  'outside_expertise_share/': ['20.00', '40.00', '60.00'], // 10 20 40 60 90
  'kpi/digital_take_up': ['45.00', '50.00', '70.00'], // 30 45 50 70 85
  'kpi/cost_per_transaction': ['4.70', '6.00', '7.15'], // 3.25 4.70 6.00 7.15 12.40
  'governance_coverage/no_user_need': ['50.00', '100.00', '100.00'], // 0 50 100 100 100
  'governance_coverage/no_user_feedback': ['100.00', '100.00', '100.00'],
  'optimism_gap_rate/': ['0.00', '0.00', '0.00'], // 0 0 0 0 50
};

describe('anonymous benchmarks', () => {
  let ctx: TestContext;
  let orgs: TestOrg[];
  let service: BenchmarksService;

  const optIn = (org: TestOrg, optedIn: boolean) => ctx.as(org.adminToken).put('/v1/benchmarks/participation').send({ optedIn }).expect(200);
  const figuresOf = (body: { figures: { metric: string; kind: string | null; lowerQuartile: string; median: string; upperQuartile: string; contributors: number; own: string | null }[] }) =>
    new Map(body.figures.map((f) => [`${f.metric}/${f.kind ?? ''}`, f]));

  beforeAll(async () => {
    ctx = await TestContext.start();
    service = ctx.app.get(BenchmarksService);
    orgs = [];
    for (const d of DATA) {
      const org = await ctx.newOrganisation();
      orgs.push(org);
      const programme = await insertProgramme(ctx.db, org.id);
      const projects = [await insertProject(ctx.db, org.id, { programmeId: programme.id }), await insertProject(ctx.db, org.id, { programmeId: programme.id })];
      await insertSpendEntry(ctx.db, org.id, projects[0].id, daysAgo(20), d.outside, 'contractors');
      await insertSpendEntry(ctx.db, org.id, projects[0].id, daysAgo(20), (100000 - Number(d.outside)).toFixed(2), 'staff');
      for (const [i, p] of projects.entries()) {
        const flags = [...(i >= d.unflaggedNeeds ? ['no_user_need'] : []), ...(i < d.optimismGaps ? ['optimism_gap'] : [])];
        for (const rule of flags) {
          await ctx.db.query(
            `INSERT INTO flags (organisation_id, subject_type, subject_id, project_id, programme_id, rule, severity, evidence, first_raised_at, last_seen_at)
             VALUES ($1, 'project', $2, $2, $3, $4, 'warning', 'x', now(), now())`,
            [org.id, p.id, programme.id, rule],
          );
        }
      }
      for (const value of d.takeUp) await insertMeasurements(ctx.db, org.id, (await insertKpi(ctx.db, org.id, projects[0].id, { kind: 'digital_take_up', unit: '%' })).id, [{ date: daysAgo(3), value }]);
      for (const value of d.cost) await insertMeasurements(ctx.db, org.id, (await insertKpi(ctx.db, org.id, projects[1].id, { kind: 'cost_per_transaction', unit: '£', direction: 'decrease', baselineValue: 20, targetValue: 2 })).id, [{ date: daysAgo(3), value }]);
    }
  });
  afterAll(() => ctx.close());

  it('publishes nothing while only four organisations contribute, but shows each its own figures', async () => {
    for (const org of orgs.slice(0, 4)) await optIn(org, true);
    const run = await service.compute();
    expect(run).toMatchObject({ organisations: 4, figures: 0 });
    const res = await ctx.as(orgs[0].adminToken).get('/v1/benchmarks').expect(200);
    expect(res.body).toMatchObject({ participating: true, run: { organisations: 4, minGroup: 5 }, figures: [] });
    const own = new Map(res.body.unpublished.map((o: { metric: string; kind: string | null; own: string }) => [`${o.metric}/${o.kind ?? ''}`, o.own]));
    expect(own.get('outside_expertise_share/')).toBe('10.00');
    expect(own.get('kpi/cost_per_transaction')).toBe('4.70');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM benchmark_figures`)).rows[0].n).toBe(0);
  });

  it('with five, publishes the quartiles worked out by hand, how many organisations they cover and when', async () => {
    await optIn(orgs[4], true);
    const before = Date.now();
    const run = await service.compute();
    expect(run.organisations).toBe(5);
    const res = await ctx.as(orgs[1].adminToken).get('/v1/benchmarks').expect(200);
    expect(res.body.run.organisations).toBe(5);
    expect(Date.parse(res.body.run.computedAt)).toBeGreaterThanOrEqual(before - 1000);
    const figures = figuresOf(res.body);
    for (const [key, [lower, median, upper]] of Object.entries(EXPECTED)) {
      expect([key, figures.get(key)?.lowerQuartile, figures.get(key)?.median, figures.get(key)?.upperQuartile, figures.get(key)?.contributors]).toEqual([key, lower, median, upper, 5]);
    }
    // Beside each, the reader's own figure (the second organisation's).
    expect(figures.get('outside_expertise_share/')?.own).toBe('20.00');
    expect(figures.get('kpi/cost_per_transaction')?.own).toBe('3.25');
    expect(figures.get('governance_coverage/no_user_need')?.own).toBe('50.00');
    // Every published figure covers at least the minimum group; none is a breakdown of another.
    const stored = await ctx.db.query(`SELECT min(contributors)::int AS least, count(*)::int AS n, count(DISTINCT (metric, kind))::int AS distinct FROM benchmark_figures WHERE run_id = $1`, [run.runId]);
    expect(stored.rows[0].least).toBe(5);
    expect(stored.rows[0].n).toBe(stored.rows[0].distinct);
  });

  it('leaves an organisation that opts out out of the next run', async () => {
    await optIn(orgs[4], false);
    const participation = await ctx.as(orgs[4].adminToken).get('/v1/benchmarks/participation').expect(200);
    expect(participation.body.optedIn).toBe(false);
    const run = await service.compute();
    expect(run).toMatchObject({ organisations: 4, figures: 0 });
    const res = await ctx.as(orgs[0].adminToken).get('/v1/benchmarks').expect(200);
    expect(res.body.run.organisations).toBe(4);
    expect(res.body.figures).toEqual([]);
    const audit = await ctx.db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND action LIKE 'benchmarks.%' ORDER BY seq`, [orgs[4].id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['benchmarks.opted_in', 'benchmarks.opted_out']);
    await optIn(orgs[4], true);
  });

  it("never lets a tenant read another organisation's contribution, by any route or table", async () => {
    await service.compute();
    // The api: participation and own figures are the caller's only.
    const fifth = await ctx.as(orgs[4].adminToken).get('/v1/benchmarks').expect(200);
    expect(figuresOf(fifth.body).get('outside_expertise_share/')?.own).toBe('90.00');
    const reader = await ctx.token(orgs[2], ['portfolio:read']);
    const third = await ctx.as(reader).get('/v1/benchmarks').expect(200);
    expect(figuresOf(third.body).get('outside_expertise_share/')?.own).toBe('40.00');
    // The published tables name no organisation.
    const columns = await ctx.db.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN ('benchmark_runs', 'benchmark_figures') AND column_name LIKE '%organisation_id%'`);
    expect(columns.rows).toEqual([]);
    // The application role, bound to one organisation, sees only its own participation and cannot write figures.
    const client = await ctx.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE kpi_tracker_app');
      await client.query(`SELECT set_config('app.organisation_id', $1, true)`, [orgs[0].id]);
      const rows = await client.query(`SELECT organisation_id FROM benchmark_participants`);
      expect(rows.rows.map((r) => r.organisation_id)).toEqual([orgs[0].id]);
      const spend = await client.query(`SELECT DISTINCT organisation_id FROM spend_entries`);
      expect(spend.rows.map((r) => r.organisation_id)).toEqual([orgs[0].id]);
      await expect(client.query(`INSERT INTO benchmark_figures (run_id, metric, kind, contributors, lower_quartile, median, upper_quartile) SELECT id, 'x', '', 5, 1, 1, 1 FROM benchmark_runs LIMIT 1`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('refuses a participation that is not true or false, and needs admin to change it and read to view', async () => {
    const bad = expectProblem(await ctx.as(orgs[0].adminToken).put('/v1/benchmarks/participation').send({ optedIn: 'yes' }), 400);
    expect(bad.errors?.map((e) => e.field)).toEqual(['optedIn']);
    const reader = await ctx.token(orgs[0], ['portfolio:read']);
    expectProblem(await ctx.as(reader).put('/v1/benchmarks/participation').send({ optedIn: false }), 403);
    expectProblem(await ctx.as(reader).get('/v1/benchmarks/participation'), 403);
    const writer = await ctx.token(orgs[0], ['finance:write']);
    expectProblem(await ctx.as(writer).get('/v1/benchmarks'), 403);
    expect((await ctx.as(orgs[0].adminToken).get('/v1/benchmarks/participation').expect(200)).body.optedIn).toBe(true);
  });

  it('refuses a minimum group below three', () => {
    expect(() => loadConfig({ BENCHMARK_MIN_ORGANISATIONS: '2' })).toThrow(/BENCHMARK_MIN_ORGANISATIONS must be at least 3/);
  });

  it('is computed by the worker on its schedule', async () => {
    const worker = await startWorker({ ...ctx.config, benchmarkCron: '* * * * * *' } as typeof ctx.config);
    try {
      const runs = async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM benchmark_runs`)).rows[0].n as number;
      const before = await runs();
      await waitFor(async () => (await runs()) > before, 15_000);
      const repeatables = await queueOf(worker, QUEUES.benchmarks).getRepeatableJobs();
      expect(repeatables.filter((j) => j.name === JOBS.computeBenchmarks.name)).toHaveLength(1);
    } finally {
      await obliterate(worker, Object.values(QUEUES));
      await worker.close();
    }
  });
});
