import { todayInLondon } from '@app/platform';
import { TestContext, TestOrg } from '@test/support/test-app';
import { insertKpi } from '@test/support/factories/kpis';
import { insertProject } from '@test/support/factories/portfolio';
import { insertGroup } from '@test/support/factories/engagement';
import { BoardClient, csrfFrom } from './board-client';

/** The workspace forms over HTTP: validation keeps what was typed, CSRF and permissions are checked, corrections keep history. */
describe('workspace forms', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: BoardClient;
  let reader: BoardClient;
  let projectId: string;
  let kpiId: string;
  let theirProject: string;
  const today = todayInLondon();
  const [year, month, day] = today.split('-');

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    projectId = (await insertProject(ctx.db, org.id)).id;
    kpiId = (await insertKpi(ctx.db, org.id, projectId, { name: 'Digital take-up' })).id;
    theirProject = (await insertProject(ctx.db, other.id)).id;
    writer = new BoardClient(ctx);
    await writer.signIn(await ctx.token(org, ['portfolio:read', 'kpis:write', 'engagement:write', 'portfolio:write', 'governance:write']));
    reader = new BoardClient(ctx);
    await reader.signIn(await ctx.token(org, ['portfolio:read']));
  });
  afterAll(() => ctx.close());

  const form = async (client: BoardClient, url: string, fields: Record<string, string>) => {
    const csrf = csrfFrom((await client.get(url).expect(200)).text);
    return client.post(url.replace(/\/new$/, ''), { _csrf: csrf, ...fields });
  };

  it('records measurements through check your answers, keeping what was typed when it is wrong', async () => {
    const page = await writer.get(`/board/projects/${projectId}/measurements/new`).expect(200);
    expect(page.text).toContain('Digital take-up');
    const bad = await form(writer, `/board/projects/${projectId}/measurements/new`, { 'date-day': '31', 'date-month': '2', 'date-year': year, [`value-${kpiId}`]: 'twelve' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('must be a real date');
    expect(bad.text).toContain('value="twelve"');
    const check = await form(writer, `/board/projects/${projectId}/measurements/new`, { 'date-day': day, 'date-month': month, 'date-year': year, [`value-${kpiId}`]: '48.5', action: 'check' });
    expect(check.status).toBe(200);
    expect(check.text).toContain('Check your measurements');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM kpi_measurements WHERE kpi_id = $1`, [kpiId])).rows[0].n).toBe(0);
    const done = await form(writer, `/board/projects/${projectId}/measurements/new`, { 'date-day': day, 'date-month': month, 'date-year': year, [`value-${kpiId}`]: '48.5', action: 'confirm' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toContain('/measurements/recorded');
    expect((await writer.get(done.headers.location).expect(200)).text).toContain('Measurements recorded');
    expect((await ctx.db.query(`SELECT value::float8 AS v, source FROM kpi_measurements WHERE kpi_id = $1`, [kpiId])).rows).toEqual([{ v: 48.5, source: 'manual' }]);
  });

  it('corrects a measurement with a reason, and refuses a stale one', async () => {
    const url = `/board/kpis/${kpiId}/measurements/${today}/correct`;
    const page = await writer.get(url).expect(200);
    const csrf = csrfFrom(page.text);
    const missing = await writer.post(url, { _csrf: csrf, version: '1', action: 'correct', value: '51' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Enter why the measurement is being corrected');
    expect(missing.text).toContain('value="51"');
    const done = await writer.post(url, { _csrf: csrf, version: '1', action: 'correct', value: '51', reason: 'Typo' });
    expect(done.status).toBe(303);
    expect((await writer.get(done.headers.location).expect(200)).text).toContain('Measurement corrected');
    const stale = await writer.post(url, { _csrf: csrf, version: '1', action: 'withdraw', reason: 'Stale' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone changed this measurement');
    expect((await ctx.db.query(`SELECT value::float8 AS v, version FROM kpi_measurements WHERE kpi_id = $1`, [kpiId])).rows).toEqual([{ v: 51, version: 2 }]);
  });

  it('refuses a post without the session token (403) and a reader (403), changing nothing', async () => {
    const noToken = await writer.post(`/board/projects/${projectId}/measurements`, { 'date-day': day, 'date-month': month, 'date-year': year, [`value-${kpiId}`]: '1', action: 'confirm' });
    expect(noToken.status).toBe(403);
    expect((await reader.get(`/board/projects/${projectId}/measurements/new`)).status).toBe(403);
    const csrf = csrfFrom((await reader.get('/board').expect(200)).text);
    expect((await reader.post(`/board/projects/${projectId}/measurements`, { _csrf: csrf, 'date-day': day, 'date-month': month, 'date-year': year, [`value-${kpiId}`]: '1', action: 'confirm' })).status).toBe(403);
    expect((await ctx.db.query(`SELECT value::float8 AS v FROM kpi_measurements WHERE kpi_id = $1`, [kpiId])).rows).toEqual([{ v: 51 }]);
  });

  it('records an engagement with its actions, and says what to fix', async () => {
    const group = await insertGroup(ctx.db, org.id, projectId, { kind: 'citizens', name: 'Residents' });
    const url = `/board/projects/${projectId}/engagements/new`;
    const bad = await form(writer, url, { groupId: group.id, kind: 'survey', 'date-day': day, 'date-month': month, 'date-year': year, participants: 'a dozen', findings: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter what you heard');
    expect(bad.text).toContain('value="a dozen"');
    const done = await form(writer, url, { groupId: group.id, kind: 'survey', 'date-day': day, 'date-month': month, 'date-year': year, participants: '12', findings: 'Too many steps', actionsTaken: 'Cut two pages' });
    expect(done.status).toBe(303);
    expect((await writer.get(done.headers.location).expect(200)).text).toContain('Engagement recorded');
    const stored = (await ctx.db.query(`SELECT participants, actions_taken, actions_recorded_at IS NOT NULL AS closed FROM engagements WHERE project_id = $1`, [projectId])).rows;
    expect(stored).toEqual([{ participants: 12, actions_taken: 'Cut two pages', closed: true }]);
    expect((await reader.get(url)).status).toBe(403);
  });

  it('records a buy-in reading and a training record, checking the shares and the counts', async () => {
    const group = await insertGroup(ctx.db, org.id, projectId, { kind: 'frontline_staff', name: 'Crews' });
    const date = { 'date-day': day, 'date-month': month, 'date-year': year };
    const off = await form(writer, `/board/projects/${projectId}/buy-in/new`, { groupId: group.id, ...date, respondents: '40', supportivePct: '50', neutralPct: '30', opposedPct: '30' });
    expect(off.status).toBe(400);
    expect(off.text).toContain('must add up to 100');
    expect(off.text).toContain('value="30"');
    const ok = await form(writer, `/board/projects/${projectId}/buy-in/new`, { groupId: group.id, ...date, respondents: '40', supportivePct: '50', neutralPct: '30', opposedPct: '20', text: 'Worried about devices' });
    expect(ok.status).toBe(303);
    expect((await ctx.db.query(`SELECT respondents, supportive_pct::text AS s, themes FROM buy_in_readings WHERE group_id = $1`, [group.id])).rows).toEqual([{ respondents: 40, s: '50.00', themes: 'Worried about devices' }]);
    const over = await form(writer, `/board/projects/${projectId}/training/new`, { groupId: group.id, ...date, staffInScope: '20', staffTrained: '25' });
    expect(over.status).toBe(400);
    expect(over.text).toContain('More staff cannot be trained');
    expect((await form(writer, `/board/projects/${projectId}/training/new`, { groupId: group.id, ...date, staffInScope: '20', staffTrained: '15' })).status).toBe(303);
    expect((await ctx.db.query(`SELECT staff_in_scope, staff_trained FROM training_records WHERE group_id = $1`, [group.id])).rows).toEqual([{ staff_in_scope: 20, staff_trained: 15 }]);
    expect((await reader.get(`/board/projects/${projectId}/training/new`)).status).toBe(403);
  });

  it('submits a status report through check your answers, showing the evidence rating beside it', async () => {
    const url = `/board/projects/${projectId}/status-reports/new`;
    const page = await writer.get(url).expect(200);
    expect(page.text).toContain('What the evidence says');
    const dimensions = { 'dimension-schedule': 'green', 'dimension-cost': 'amber', 'dimension-scope': 'green', 'dimension-benefits': 'green', 'dimension-risk': 'red', 'dimension-resourcing': 'green' };
    const bad = await form(writer, url, { overall: 'amber', ...dimensions, 'dimension-risk': '', narrative: 'On plan' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Select a rating for risk');
    expect(bad.text).toContain('On plan');
    const check = await form(writer, url, { overall: 'amber', ...dimensions, narrative: 'On plan', keyRisks: 'Supplier', action: 'check' });
    expect(check.text).toContain('Check your status report');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM status_reports WHERE project_id = $1`, [projectId])).rows[0].n).toBe(0);
    const done = await form(writer, url, { overall: 'amber', ...dimensions, narrative: 'On plan', keyRisks: 'Supplier', action: 'confirm' });
    expect(done.status).toBe(303);
    const stored = (await ctx.db.query(`SELECT overall, narrative, key_risks, decisions_needed FROM status_reports WHERE project_id = $1`, [projectId])).rows;
    expect(stored).toEqual([{ overall: 'amber', narrative: 'On plan', key_risks: 'Supplier', decisions_needed: null }]);
    expect((await reader.get(url)).status).toBe(403);
  });

  it("answers another organisation's project as not found", async () => {
    expect((await writer.get(`/board/projects/${theirProject}/measurements/new`)).status).toBe(404);
    expect((await writer.get(`/board/projects/${theirProject}/engagements/new`)).status).toBe(404);
    expect((await writer.get(`/board/projects/${theirProject}/status-reports/new`)).status).toBe(404);
  });
});
