import { Db } from '@app/platform';
import { ScanService } from '@app/governance';
import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';
import { insertHealthyProject, lastClosedPeriod } from '@test/support/factories/evidence';

const GREEN = { schedule: 'green', cost: 'green', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' };
const before = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

describe('portfolio view', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let reader: string;
  let writer: string;
  const period = lastClosedPeriod();
  const previous = before(period);
  let improving: string;
  let worsening: string;
  let fresh: string;
  let unreported: string;
  let programmeA: string;
  let programmeB: string;

  const report = (projectId: string, p: string, overall: string, narrative = 'see risks') =>
    ctx.as(writer).post(`/v1/projects/${projectId}/status-reports`).send({ period: p, overall, dimensions: GREEN, narrative }).expect(201);

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    reader = await ctx.token(org, ['portfolio:read']);
    writer = await ctx.token(org, ['portfolio:read', 'portfolio:write']);
    // Healthy projects each come with their own programme and a green report for the last closed period.
    const a = await insertHealthyProject(ctx.db, org.id);
    const b = await insertHealthyProject(ctx.db, org.id);
    programmeA = a.programmeId;
    programmeB = b.programmeId;
    improving = a.projectId;
    worsening = b.projectId;
    const c = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET programme_id = $2, name = '=HYPERLINK("http://evil")' WHERE id = $1`, [c.projectId, programmeA]);
    fresh = c.projectId;
    const d = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET programme_id = $2 WHERE id = $1`, [d.projectId, programmeB]);
    unreported = d.projectId;
    await ctx.db.query(`ALTER TABLE status_reports DISABLE TRIGGER trg_status_reports_no_delete; DELETE FROM status_reports WHERE project_id = '${unreported}'; ALTER TABLE status_reports ENABLE TRIGGER trg_status_reports_no_delete`);
    await ctx.db.query(`ALTER TABLE status_reports DISABLE TRIGGER trg_status_reports_no_delete; DELETE FROM status_reports WHERE project_id IN ('${improving}', '${worsening}', '${fresh}'); ALTER TABLE status_reports ENABLE TRIGGER trg_status_reports_no_delete`);
    await report(improving, previous, 'amber_red');
    await report(improving, period, 'amber');
    await report(worsening, previous, 'green');
    await report(worsening, period, 'green');
    // A correction for the same period supersedes the first report: the portfolio uses the latest.
    await report(worsening, period, 'red', 'supplier failed');
    await report(fresh, period, 'green');
    // Evidence for the worsening project: its KPI is off track and it has overspent.
    await ctx.db.query(`UPDATE kpi_measurements SET value = 40 WHERE kpi_id = $1`, [b.kpiId]);
    await ctx.db.query(`UPDATE spend_totals SET total = 125000.50 WHERE project_id = $1`, [worsening]);
    // The fresh project reports green while its KPI is off track: an optimism gap of two steps.
    await ctx.db.query(`UPDATE kpi_measurements SET value = 45 WHERE kpi_id = $1`, [c.kpiId]);
    await ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
  });
  afterAll(() => ctx.close());

  const find = (body: { programmes: { projects: { id: string }[] }[] }, id: string) => body.programmes.flatMap((g) => g.projects).find((p) => p.id === id) as Record<string, any>;

  it('shows each project reported beside the evidence, with the trend since the previous period', async () => {
    const view = await ctx.as(reader).get(`/v1/portfolio?period=${period}`).expect(200);
    expect(view.body).toMatchObject({ period, previousPeriod: previous });
    expect(find(view.body, improving)).toMatchObject({ reported: { rating: 'amber' }, previous: 'amber_red', trend: 'better' });
    expect(find(view.body, worsening)).toMatchObject({ reported: { rating: 'red', revision: 2 }, previous: 'green', trend: 'worse' });
    expect(find(view.body, fresh)).toMatchObject({ reported: { rating: 'green' }, previous: null, trend: 'new', evidence: { rating: 'amber' }, optimismGap: 2 });
    expect(find(view.body, unreported)).toMatchObject({ reported: null, trend: null });
  });

  it('counts KPIs by status, current-year finance and open flags by severity', async () => {
    const view = await ctx.as(reader).get(`/v1/portfolio?period=${period}`).expect(200);
    const w = find(view.body, worsening);
    expect(w.kpis).toMatchObject({ off_track: 1, on_track: 0, total: 1 });
    expect(w.finance).toMatchObject({ budget: '100000.00', spent: '125000.50', forecast: null, variance: '25000.50', variancePct: '25.0' });
    // Budget overrun is critical; the optimism gap is judged against the latest report (red), so none here.
    expect(w.openFlags).toMatchObject({ critical: 1 });
    expect(w.evidence).toMatchObject({ rating: 'red' });
    const f = find(view.body, fresh);
    expect(f.openFlags.critical).toBe(1); // optimism_gap
    const a = view.body.programmes.find((g: { id: string }) => g.id === programmeA);
    expect(a.totals).toMatchObject({ projects: 2, budget: '200000.00', spent: '100000.00' });
    expect(a.totals.kpis.off_track).toBe(1);
  });

  it('filters by programme and by reported rating', async () => {
    const onlyB = await ctx.as(reader).get(`/v1/portfolio?period=${period}&programmeId=${programmeB}`).expect(200);
    expect(onlyB.body.programmes.map((g: { id: string }) => g.id)).toEqual([programmeB]);
    const reds = await ctx.as(reader).get(`/v1/portfolio?period=${period}&rating=red`).expect(200);
    expect(reds.body.programmes.flatMap((g: { projects: { id: string }[] }) => g.projects.map((p) => p.id))).toEqual([worsening]);
    const none = await ctx.as(reader).get(`/v1/portfolio?period=${period}&rating=none`).expect(200);
    expect(none.body.programmes.flatMap((g: { projects: { id: string }[] }) => g.projects.map((p) => p.id))).toEqual([unreported]);
  });

  it('exports the same as CSV, safe to open in a spreadsheet', async () => {
    const json = (await ctx.as(reader).get(`/v1/portfolio?period=${period}`).expect(200)).body;
    const csv = await ctx.as(reader).get(`/v1/portfolio.csv?period=${period}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    const projects = json.programmes.flatMap((g: { projects: unknown[] }) => g.projects);
    expect(lines).toHaveLength(projects.length + 1);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv.text).not.toMatch(/(^|,)=HYPERLINK/m);
    const w = find(json, worsening);
    expect(lines.find((l) => l.includes(`,${w.code},`))).toContain(',red,green,worse,red,');
    expect(lines.find((l) => l.includes(`,${w.code},`))).toContain(',100000.00,125000.50,,25000.50,25.0,');
  });

  it('validates its query (400), needs portfolio:read (403), and 404s another organisation\'s programme', async () => {
    expectProblem(await ctx.as(reader).get('/v1/portfolio?period=2026-13'), 400);
    expectProblem(await ctx.as(reader).get('/v1/portfolio?rating=purple'), 400);
    expectProblem(await ctx.as(reader).get('/v1/portfolio?period=2999-01'), 400);
    for (const bad of ['minGap=two', 'minGap=9', 'sort=worst', 'criticalFlags=maybe', 'evidenceRating=purple', 'reportedRating=blue'])
      expectProblem(await ctx.as(reader).get(`/v1/portfolio?${bad}`), 400);
    expectProblem(await ctx.as(await ctx.token(org, ['finance:write'])).get('/v1/portfolio'), 403);
    expectProblem(await ctx.as(await ctx.token(org, ['finance:write'])).get('/v1/portfolio.csv'), 403);
    const other = await ctx.newOrganisation();
    const theirs = await insertHealthyProject(ctx.db, other.id);
    expectProblem(await ctx.as(reader).get(`/v1/portfolio?programmeId=${theirs.programmeId}`), 404);
    const mine = await ctx.as(reader).get('/v1/portfolio').expect(200);
    expect(JSON.stringify(mine.body)).not.toContain(theirs.projectId);
  });
});
