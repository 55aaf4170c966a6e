import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';

const GREEN = { schedule: 'green', cost: 'green', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' };

function period(offsetMonths: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offsetMonths);
  return d.toISOString().slice(0, 7);
}

describe('status reports', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: string;
  let reader: string;
  let projectId: string;
  let programmeId: string;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    writer = await ctx.token(org, ['portfolio:read', 'portfolio:write'], 'Jane Smith (PMO)');
    reader = await ctx.token(org, ['portfolio:read']);
    const project = await insertProject(ctx.db, org.id);
    projectId = project.id;
    programmeId = project.programmeId;
  });
  afterAll(() => ctx.close());

  it('records a report with who reported it', async () => {
    const report = await ctx
      .as(writer)
      .post(`/v1/projects/${projectId}/status-reports`)
      .send({ period: period(-2), overall: 'amber', dimensions: { ...GREEN, cost: 'amber' }, narrative: 'Supplier invoices late', keyRisks: 'Supplier', decisionsNeeded: 'Approve change' })
      .expect(201);
    expect(report.body).toMatchObject({ subjectType: 'project', projectId, period: period(-2), revision: 1, current: true, overall: 'amber', reportedBy: 'Jane Smith (PMO)', dimensions: { cost: 'amber', schedule: 'green' } });
    const one = await ctx.as(reader).get(`/v1/status-reports/${report.body.id}`).expect(200);
    expect(one.body).toEqual(report.body);
  });

  it('supersedes a report for the same period while keeping the first readable', async () => {
    const p = period(-1);
    const first = await ctx.as(writer).post(`/v1/projects/${projectId}/status-reports`).send({ period: p, overall: 'green', dimensions: GREEN }).expect(201);
    const second = await ctx.as(writer).post(`/v1/projects/${projectId}/status-reports`).send({ period: p, overall: 'amber_red', dimensions: { ...GREEN, schedule: 'red' }, narrative: 'Go-live slipped' }).expect(201);
    expect(second.body).toMatchObject({ revision: 2, current: true });
    const history = await ctx.as(reader).get(`/v1/projects/${projectId}/status-reports`).expect(200);
    expect(history.body.data.map((r: { period: string; revision: number; current: boolean }) => [r.period, r.revision, r.current])).toEqual([
      [p, 2, true],
      [p, 1, false],
      [period(-2), 1, true],
    ]);
    const old = await ctx.as(reader).get(`/v1/status-reports/${first.body.id}`).expect(200);
    expect(old.body).toMatchObject({ overall: 'green', current: false });
    const paged = await ctx.as(reader).get(`/v1/projects/${projectId}/status-reports?limit=2`).expect(200);
    const rest = await ctx.as(reader).get(`/v1/projects/${projectId}/status-reports?limit=2&cursor=${paged.body.nextCursor}`).expect(200);
    expect([...paged.body.data, ...rest.body.data].map((r: { id: string }) => r.id)).toEqual(history.body.data.map((r: { id: string }) => r.id));
    expect(rest.body.nextCursor).toBeNull();
  });

  it('is immutable in the database', async () => {
    await expect(ctx.db.query(`UPDATE status_reports SET overall = 'green' WHERE organisation_id = $1`, [org.id])).rejects.toThrow(/append-only/);
    await expect(ctx.db.query(`DELETE FROM status_reports WHERE organisation_id = $1`, [org.id])).rejects.toThrow(/append-only/);
  });

  it("keeps a programme's history to its own reports", async () => {
    await ctx.as(writer).post(`/v1/programmes/${programmeId}/status-reports`).send({ period: period(0), overall: 'amber_green', dimensions: GREEN, narrative: 'Mostly fine' }).expect(201);
    const history = await ctx.as(reader).get(`/v1/programmes/${programmeId}/status-reports`).expect(200);
    expect(history.body.data).toHaveLength(1);
    expect(history.body.data[0]).toMatchObject({ subjectType: 'programme', programmeId, projectId: null });
  });

  it('requires a narrative unless everything is green, rejects future periods and bad ratings', async () => {
    const url = `/v1/projects/${projectId}/status-reports`;
    const noNarrative = expectProblem(await ctx.as(writer).post(url).send({ period: period(0), overall: 'amber', dimensions: GREEN }), 400);
    expect(noNarrative.errors).toEqual([{ field: 'narrative', message: expect.stringContaining('required') }]);
    const future = expectProblem(await ctx.as(writer).post(url).send({ period: period(1), overall: 'green', dimensions: GREEN }), 400);
    expect(future.errors?.[0].field).toBe('period');
    const bad = expectProblem(await ctx.as(writer).post(url).send({ period: '2026-13', overall: 'purple', dimensions: { ...GREEN, risk: 'amber_green' } }), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['dimensions.risk', 'overall', 'period']);
    expectProblem(await ctx.as(writer).post(url).send({ period: period(0), overall: 'green' }), 400);
  });

  it('needs portfolio:write (403) and hides other organisations (404)', async () => {
    expectProblem(await ctx.as(reader).post(`/v1/projects/${projectId}/status-reports`).send({ period: period(0), overall: 'green', dimensions: GREEN }), 403);
    const theirs = await insertProject(ctx.db, other.id);
    expectProblem(await ctx.as(writer).post(`/v1/projects/${theirs.id}/status-reports`).send({ period: period(0), overall: 'green', dimensions: GREEN }), 404);
    expectProblem(await ctx.as(writer).post(`/v1/programmes/${theirs.programmeId}/status-reports`).send({ period: period(0), overall: 'green', dimensions: GREEN }), 404);
    const theirReport = await ctx.as(other.adminToken).post(`/v1/projects/${theirs.id}/status-reports`).send({ period: period(0), overall: 'green', dimensions: GREEN }).expect(201);
    const foreign = expectProblem(await ctx.as(reader).get(`/v1/status-reports/${theirReport.body.id}`), 404);
    expect(expectProblem(await ctx.as(reader).get(`/v1/status-reports/${randomUuid()}`), 404).detail).toBe(foreign.detail);
  });
});

describe('status report events', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await TestContext.start()));
  afterAll(() => ctx.close());

  it('emits status_report.submitted into the outbox in the same transaction', async () => {
    const org = await ctx.newOrganisation();
    const project = await insertProject(ctx.db, org.id);
    const report = await ctx.as(org.adminToken).post(`/v1/projects/${project.id}/status-reports`).send({ period: period(-1), overall: 'green', dimensions: GREEN }).expect(201);
    const rows = await ctx.db.query(`SELECT payload FROM outbox_events WHERE organisation_id = $1 AND queue = 'webhooks'`, [org.id]);
    expect(rows.rows.map((r) => r.payload)).toEqual([
      expect.objectContaining({ type: 'status_report.submitted', data: expect.objectContaining({ statusReportId: report.body.id, projectId: project.id, overall: 'green', revision: 1 }) }),
    ]);
    // A refused report writes no event.
    await ctx.as(org.adminToken).post(`/v1/projects/${project.id}/status-reports`).send({ period: period(-1), overall: 'red', dimensions: GREEN }).expect(400);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE organisation_id = $1 AND queue = 'webhooks'`, [org.id])).rows[0].n).toBe(1);
  });
});
