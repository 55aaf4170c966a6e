import { TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { daysAgo, insertBuyIn, insertEngagement, insertGroup, insertTraining } from '@test/support/factories/engagement';
import { BoardClient, csrfFrom } from './board-client';

/** Correction forms for engagements, buy-in readings and training records: history kept, errors say what to fix, permissions and tenancy. */
describe('record correction forms', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let writer: BoardClient;
  let reader: BoardClient;
  let projectId: string;
  let engagementId: string;
  let readingId: string;
  let trainingId: string;
  let theirEngagement: string;
  let theirProject: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    projectId = (await insertProject(ctx.db, org.id)).id;
    const residents = await insertGroup(ctx.db, org.id, projectId, { kind: 'citizens', name: 'Residents' });
    const crews = await insertGroup(ctx.db, org.id, projectId, { kind: 'frontline_staff', name: 'Crews' });
    engagementId = await insertEngagement(ctx.db, org.id, residents, { participants: 8, findings: 'Too many steps', kind: 'survey' });
    readingId = await insertBuyIn(ctx.db, org.id, crews, { surveyedOn: daysAgo(3), supportivePct: '40', neutralPct: '40', opposedPct: '20', respondents: 30 });
    trainingId = await insertTraining(ctx.db, org.id, crews, { recordedOn: daysAgo(2), staffInScope: 20, staffTrained: 5 });
    theirProject = (await insertProject(ctx.db, other.id)).id;
    theirEngagement = await insertEngagement(ctx.db, other.id, await insertGroup(ctx.db, other.id, theirProject));
    writer = new BoardClient(ctx);
    await writer.signIn(await ctx.token(org, ['portfolio:read', 'engagement:write']));
    reader = new BoardClient(ctx);
    await reader.signIn(await ctx.token(org, ['portfolio:read']));
  });
  afterAll(() => ctx.close());

  it('lists the project’s records, each with a link to correct it', async () => {
    const page = await writer.get(`/board/projects/${projectId}/records`).expect(200);
    for (const [kind, id] of [['engagements', engagementId], ['buy-in-readings', readingId], ['training-records', trainingId]]) expect(page.text).toContain(`/board/${kind}/${id}/correct`);
    expect((await reader.get(`/board/projects/${projectId}/records`).expect(200)).text).not.toContain('/correct');
  });

  it('corrects an engagement with a reason, keeping the earlier version in the history', async () => {
    const url = `/board/engagements/${engagementId}/correct`;
    const page = await writer.get(url).expect(200);
    expect(page.text).toContain('value="8"');
    expect(page.text).toContain('has not been corrected');
    const csrf = csrfFrom(page.text);
    const bad = await writer.post(url, { _csrf: csrf, version: '1', action: 'correct', participants: 'nine', findings: 'Too many steps' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('How many people took part must be a whole number');
    expect(bad.text).toContain('Enter why the engagement is being corrected');
    expect(bad.text).toContain('value="nine"');
    const done = await writer.post(url, { _csrf: csrf, version: '1', action: 'correct', participants: '9', findings: 'Too many steps on the form', actionsTaken: 'Cut two pages', reason: 'Miscounted' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/board/engagements/${engagementId}/corrected?change=correct`);
    const confirmation = (await writer.get(done.headers.location).expect(200)).text;
    expect(confirmation).toContain('Engagement corrected');
    expect(confirmation).toContain('Miscounted');
    expect(confirmation).toContain('8 took part. Heard: Too many steps');
    expect((await ctx.db.query(`SELECT participants, findings, actions_taken, version FROM engagements WHERE id = $1`, [engagementId])).rows).toEqual([{ participants: 9, findings: 'Too many steps on the form', actions_taken: 'Cut two pages', version: 2 }]);
    const kept = (await ctx.db.query(`SELECT version, change, reason, data->>'participants' AS participants FROM engagement_record_versions WHERE record_id = $1`, [engagementId])).rows;
    expect(kept).toEqual([{ version: 1, change: 'corrected', reason: 'Miscounted', participants: '8' }]);
    // Once recorded, what was done cannot be cleared; and a stale version is refused with the record as it now is.
    const cleared = await writer.post(url, { _csrf: csrf, version: '2', action: 'correct', participants: '9', findings: 'x', actionsTaken: '', reason: 'Oops' });
    expect(cleared.status).toBe(400);
    expect(cleared.text).toContain('cannot be removed once recorded');
    const stale = await writer.post(url, { _csrf: csrf, version: '1', action: 'withdraw', reason: 'Duplicate' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone changed this engagement');
    expect(stale.text).toContain('name="version" value="2"');
  });

  it('corrects a buy-in reading (shares must add up) and withdraws a training record, keeping both histories', async () => {
    const readingUrl = `/board/buy-in-readings/${readingId}/correct`;
    const csrf = csrfFrom((await writer.get(readingUrl).expect(200)).text);
    const date = daysAgo(3).split('-');
    const fields = { 'surveyedOn-day': date[2], 'surveyedOn-month': date[1], 'surveyedOn-year': date[0], respondents: '30', neutralPct: '40', opposedPct: '20' };
    const off = await writer.post(readingUrl, { _csrf: csrf, version: '1', action: 'correct', ...fields, supportivePct: '45', reason: 'Typo' });
    expect(off.status).toBe(400);
    expect(off.text).toContain('must add up to 100');
    expect((await writer.post(readingUrl, { _csrf: csrf, version: '1', action: 'correct', ...fields, neutralPct: '35', supportivePct: '45', reason: 'Typo' })).status).toBe(303);
    expect((await ctx.db.query(`SELECT supportive_pct::text AS s, neutral_pct::text AS n, version FROM buy_in_readings WHERE id = $1`, [readingId])).rows).toEqual([{ s: '45.00', n: '35.00', version: 2 }]);

    const trainingUrl = `/board/training-records/${trainingId}/correct`;
    const noReason = await writer.post(trainingUrl, { _csrf: csrf, version: '1', action: 'withdraw' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Enter why the training record is being withdrawn');
    const gone = await writer.post(trainingUrl, { _csrf: csrf, version: '1', action: 'withdraw', reason: 'Recorded twice' });
    expect(gone.status).toBe(303);
    const page = (await writer.get(gone.headers.location).expect(200)).text;
    expect(page).toContain('Training record withdrawn');
    expect(page).toContain('Recorded twice');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM training_records WHERE id = $1`, [trainingId])).rows[0].n).toBe(0);
    // A withdrawn record has nothing left to correct.
    expect((await writer.get(trainingUrl)).status).toBe(404);
  });

  it('refuses a reader (403) and a post without the session token (403), and hides another organisation’s record (404)', async () => {
    expect((await reader.get(`/board/engagements/${engagementId}/correct`)).status).toBe(403);
    const csrf = await reader.csrf();
    const refused = await reader.post(`/board/engagements/${engagementId}/correct`, { _csrf: csrf, version: '2', action: 'withdraw', reason: 'No' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('You cannot do this');
    expect((await writer.post(`/board/engagements/${engagementId}/correct`, { version: '2', action: 'withdraw', reason: 'No' })).status).toBe(403);
    const theirs = await writer.get(`/board/engagements/${theirEngagement}/correct`);
    expect(theirs.status).toBe(404);
    expect(theirs.text).toContain('Page not found');
    expect((await writer.post(`/board/engagements/${theirEngagement}/correct`, { _csrf: await writer.csrf(), version: '1', action: 'withdraw', reason: 'No' })).status).toBe(404);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM engagements WHERE id = ANY($1)`, [[engagementId, theirEngagement]])).rows[0].n).toBe(2);
    expect((await writer.get(`/board/projects/${theirProject}/records`)).status).toBe(404);
  });
});
