import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { insertPerson, TestPerson } from '@test/support/factories/people';
import { BoardClient } from '../board/board-client';

const GREEN = { schedule: 'green', cost: 'green', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' };
const AMBER = { period: '', overall: 'amber', dimensions: { ...GREEN, cost: 'amber' }, narrative: 'Supplier invoices late' };

function period(offsetMonths: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offsetMonths);
  return d.toISOString().slice(0, 7);
}

/** Sign-off: drafted, submitted by the project manager, approved or returned by the SRO or programme manager. */
describe('status report sign-off', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let board: BoardClient;
  let projectId: string;
  let programmeId: string;
  let pm: TestPerson;
  let contributor: TestPerson;
  let sro: TestPerson;
  let programmeManager: TestPerson;
  let pmo: TestPerson;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    const project = await insertProject(ctx.db, org.id, { name: 'Report a missed bin' });
    projectId = project.id;
    programmeId = project.programmeId;
    pm = await insertPerson(ctx, org, { name: 'Tom Okafor', memberships: [{ role: 'project_manager', projectId }] });
    contributor = await insertPerson(ctx, org, { name: 'Cara Lee', memberships: [{ role: 'contributor', projectId }] });
    sro = await insertPerson(ctx, org, { name: 'Sam Reid', memberships: [{ role: 'sro', programmeId }] });
    programmeManager = await insertPerson(ctx, org, { name: 'Priya Shah', memberships: [{ role: 'programme_manager', programmeId }] });
    pmo = await insertPerson(ctx, org, { name: 'Pat Moss', roles: ['pmo'] });
    board = new BoardClient(ctx);
    expect((await board.signIn(org.adminToken)).status).toBe(303);
  }, 60_000);
  afterAll(() => ctx.close());

  const deliveries = async (kind: string) =>
    (await ctx.db.query(`SELECT person_id, subject, body, link FROM notification_deliveries WHERE organisation_id = $1 AND kind = $2 ORDER BY created_at, person_id`, [org.id, kind])).rows;
  const projectPage = async () => (await board.get(`/board/projects/${projectId}`).expect(200)).text;

  it('takes a report from draft through a return with a comment to approval, each step by the right person, the board following', async () => {
    const draft = await ctx.as(pm.token).post(`/v1/projects/${projectId}/status-reports`).send({ ...AMBER, period: period(-1), draft: true }).expect(201);
    expect(draft.body).toMatchObject({ state: 'draft', sentForApprovalAt: null, approvedAt: null, returnComment: null });
    const id = draft.body.id as string;
    let page = await projectPage();
    expect(page).toContain('data-sign-off="draft"');
    // A draft is not reported: the summary says no report.
    expect(page).not.toMatch(/Reported rating<\/dt><dd class="govuk-summary-list__value">\s*<strong class="govuk-tag[^"]*">Amber</);

    // Only the project manager (or an organisation's PMO) submits.
    const refused = expectProblem(await ctx.as(contributor.token).post(`/v1/status-reports/${id}/submit`), 403);
    expect(refused.code).toBe('submitter_required');
    expectProblem(await ctx.as(sro.token).post(`/v1/status-reports/${id}/approve`), 409);

    const submitted = await ctx.as(pm.token).post(`/v1/status-reports/${id}/submit`).expect(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', sentForApprovalAt: expect.any(String) });
    expect(expectProblem(await ctx.as(pm.token).post(`/v1/status-reports/${id}/submit`), 409).code).toBe('report_not_draft');
    page = await projectPage();
    expect(page).toContain('data-sign-off="submitted"');
    expect(page).toContain('Awaiting approval');
    // The SRO and the programme manager are asked to approve it, once each.
    const asked = await deliveries('report_awaiting_approval');
    expect(asked.map((d) => d.person_id).sort()).toEqual([sro.id, programmeManager.id].sort());
    expect(asked[0].subject).toContain('waiting for your approval');
    expect(asked[0].link).toBe(`/board/projects/${projectId}`);

    // Neither its author, a contributor nor the PMO may sign it off: only the SRO or programme manager.
    for (const who of [pm, contributor, pmo]) {
      expect(expectProblem(await ctx.as(who.token).post(`/v1/status-reports/${id}/approve`), 403).code).toBe('approver_required');
      expect(expectProblem(await ctx.as(who.token).post(`/v1/status-reports/${id}/return`).send({ comment: 'no' }), 403).code).toBe('approver_required');
    }
    expect(expectProblem(await ctx.as(org.adminToken).post(`/v1/status-reports/${id}/approve`), 403).code).toBe('approver_required');

    const noComment = expectProblem(await ctx.as(sro.token).post(`/v1/status-reports/${id}/return`).send({ comment: '' }), 400);
    expect(noComment.errors).toEqual([{ field: 'comment', message: expect.stringContaining('what should change') }]);
    expectProblem(await ctx.as(sro.token).post(`/v1/status-reports/${id}/return`).send({}), 400);
    const returned = await ctx.as(sro.token).post(`/v1/status-reports/${id}/return`).send({ comment: 'Cost is amber but the forecast is 20% over: say why.' }).expect(200);
    expect(returned.body).toMatchObject({ state: 'draft', returnComment: 'Cost is amber but the forecast is 20% over: say why.', returnedByPersonId: sro.id });
    page = await projectPage();
    expect(page).toContain('data-sign-off="draft"');
    expect(page).toContain('Returned on');
    expect(page).toContain('Cost is amber but the forecast is 20% over: say why.');
    const told = await deliveries('report_returned');
    expect(told).toEqual([expect.objectContaining({ person_id: pm.id, subject: expect.stringContaining('was returned') })]);
    expect(told[0].body).toContain('Cost is amber but the forecast is 20% over');

    // Resubmitted, the comment is kept; the approvers are asked again (a new event).
    const again = await ctx.as(pm.token).post(`/v1/status-reports/${id}/submit`).expect(200);
    expect(again.body).toMatchObject({ state: 'submitted', returnComment: 'Cost is amber but the forecast is 20% over: say why.' });
    expect(await deliveries('report_awaiting_approval')).toHaveLength(4);

    const approved = await ctx.as(programmeManager.token).post(`/v1/status-reports/${id}/approve`).expect(200);
    expect(approved.body).toMatchObject({ state: 'approved', approvedByPersonId: programmeManager.id, approvedAt: expect.any(String) });
    expect(expectProblem(await ctx.as(sro.token).post(`/v1/status-reports/${id}/approve`), 409).code).toBe('report_not_submitted');
    page = await projectPage();
    expect(page).toContain('data-sign-off="approved"');
    expect(page).toMatch(/Reported rating<\/dt><dd class="govuk-summary-list__value">\s*<strong class="govuk-tag[^"]*">Amber<\/strong>/);
    const audit = (await ctx.db.query(`SELECT action FROM audit_events WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, id])).rows.map((r) => r.action);
    expect(audit).toEqual(['status_report.drafted', 'status_report.submitted', 'status_report.returned', 'status_report.submitted', 'status_report.approved']);
  });

  it('refuses a report written and submitted at once by someone who may not submit, storing nothing', async () => {
    const before = (await ctx.db.query(`SELECT count(*)::int AS n FROM status_reports WHERE organisation_id = $1`, [org.id])).rows[0].n;
    const refused = expectProblem(await ctx.as(contributor.token).post(`/v1/projects/${projectId}/status-reports`).send({ ...AMBER, period: period(-2) }), 403);
    expect(refused.code).toBe('submitter_required');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM status_reports WHERE organisation_id = $1`, [org.id])).rows[0].n).toBe(before);
    // A contributor may still draft it for the project manager.
    await ctx.as(contributor.token).post(`/v1/projects/${projectId}/status-reports`).send({ ...AMBER, period: period(-2), draft: true }).expect(201);
  });

  it('takes a programme report the same way: its programme manager submits, its SRO approves', async () => {
    const report = await ctx.as(programmeManager.token).post(`/v1/programmes/${programmeId}/status-reports`).send({ ...AMBER, period: period(-1) }).expect(201);
    expect(report.body).toMatchObject({ subjectType: 'programme', state: 'submitted' });
    // The project manager has no say over the programme: refused before the sign-off check.
    expectProblem(await ctx.as(pm.token).post(`/v1/status-reports/${report.body.id}/approve`), 403);
    // Nobody signs off their own report.
    const own = expectProblem(await ctx.as(programmeManager.token).post(`/v1/status-reports/${report.body.id}/approve`), 403);
    expect(own).toMatchObject({ code: 'approver_required', detail: expect.stringContaining('your own') });
    await ctx.as(sro.token).post(`/v1/status-reports/${report.body.id}/approve`).expect(200);
    expect((await ctx.as(org.adminToken).get(`/v1/status-reports/${report.body.id}`).expect(200)).body.state).toBe('approved');
  });

  it("answers another organisation's report, and a random id, as not found, changing nothing", async () => {
    const draft = await ctx.as(pm.token).post(`/v1/projects/${projectId}/status-reports`).send({ ...AMBER, period: period(-3), draft: true }).expect(201);
    const stranger = await ctx.token(other, ['portfolio:read', 'portfolio:write']);
    for (const step of ['submit', 'approve']) {
      expectProblem(await ctx.as(stranger).post(`/v1/status-reports/${draft.body.id}/${step}`), 404);
      expectProblem(await ctx.as(pm.token).post(`/v1/status-reports/${randomUuid()}/${step}`), 404);
    }
    expectProblem(await ctx.as(stranger).post(`/v1/status-reports/${draft.body.id}/return`).send({ comment: 'x' }), 404);
    expect((await ctx.as(pm.token).get(`/v1/status-reports/${draft.body.id}`).expect(200)).body.state).toBe('draft');
    expectProblem(await ctx.as(org.adminToken).post(`/v1/status-reports/not-a-uuid/submit`), 400);
  });

  it('keeps the content append-only in the database while its sign-off changes', async () => {
    await expect(ctx.db.query(`UPDATE status_reports SET overall = 'green' WHERE organisation_id = $1`, [org.id])).rejects.toThrow(/append-only/);
    await expect(ctx.db.query(`DELETE FROM status_reports WHERE organisation_id = $1`, [org.id])).rejects.toThrow(/append-only/);
  });
});
