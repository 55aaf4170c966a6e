import { systemActor } from '@app/platform';
import { portfolioSeeder } from '../../../scripts/demo/portfolio.seed';
import { kpisSeeder } from '../../../scripts/demo/kpis.seed';
import { TestContext, TestOrg } from '@test/support/test-app';

/** The demo's KPIs show what they are meant to: each project's gaps, read back through the API. */
describe('KPI demo data', () => {
  let ctx: TestContext;
  let org: TestOrg;
  const byProject = new Map<string, { name: string; measurable: boolean; missing: string[]; evaluation: { status: string; stale: boolean } }[]>();

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation('Demo Council');
    const actor = systemActor(org.id, 'demo seed');
    const lines: string[] = [];
    await portfolioSeeder.seed(ctx.app, actor, (l) => lines.push(l));
    await kpisSeeder.seed(ctx.app, actor, (l) => lines.push(l));
    const codes = new Map<string, string>((await ctx.db.query(`SELECT id, code FROM projects WHERE organisation_id = $1`, [org.id])).rows.map((r) => [r.id, r.code]));
    const kpis = await ctx.as(org.adminToken).get('/v1/kpis?limit=200').expect(200);
    for (const kpi of kpis.body.data) {
      const code = codes.get(kpi.projectId) as string;
      byProject.set(code, [...(byProject.get(code) ?? []), kpi]);
    }
  });
  afterAll(() => ctx.close());

  it('gives no KPI to the projects meant to have none', () => {
    expect(byProject.has('CS-04')).toBe(false);
    expect(byProject.has('WF-02')).toBe(false);
  });

  it('leaves a KPI without a target, one project stale, two off track and one at risk', () => {
    expect(byProject.get('WF-04')?.[0]).toMatchObject({ measurable: false, missing: ['targetValue', 'targetDate'], evaluation: { status: 'not_measurable' } });
    expect(byProject.get('DI-02')?.every((k) => k.evaluation.stale)).toBe(true);
    expect(byProject.get('CS-03')?.[0].evaluation.status).toBe('off_track');
    expect(byProject.get('CS-05')?.[0].evaluation.status).toBe('off_track');
    expect(byProject.get('CS-02')?.[0].evaluation.status).toBe('at_risk');
  });

  it('keeps the other KPIs measurable, fresh and on track, each with twelve months of readings', async () => {
    const others = ['CS-01', 'WF-01', 'WF-03', 'DI-01', 'DI-03'].flatMap((code) => byProject.get(code) ?? []);
    expect(others.length).toBeGreaterThanOrEqual(5);
    for (const kpi of others) expect(kpi).toMatchObject({ measurable: true, evaluation: { status: 'on_track', stale: false } });
    const counts = await ctx.db.query(`SELECT count(*)::int AS n FROM kpi_measurements m JOIN kpis k ON k.id = m.kpi_id JOIN projects p ON p.id = k.project_id WHERE p.code = 'CS-01' GROUP BY k.id`);
    expect(counts.rows.map((r) => r.n)).toEqual([12, 12, 12]);
  });
});
