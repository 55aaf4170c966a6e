import { addDays, todayInLondon } from '@app/platform';
import { TestContext, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { insertPerson, TestPerson } from '@test/support/factories/people';
import { BoardClient, csrfFrom } from './board-client';

/** Assigning an action on a flag from the board: it lands on the assignee's My work. */
describe('assigning an action on a flag', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;
  let sro: BoardClient;
  let viewer: BoardClient;
  let assignee: TestPerson;
  let flagId: string;
  let theirFlag: string;
  let projectId: string;
  const due = addDays(todayInLondon(), 10).split('-');

  const insertFlag = async (organisationId: string, project: { id: string; programmeId: string }) =>
    (
      await ctx.db.query(
        `INSERT INTO flags (organisation_id, subject_type, subject_id, project_id, programme_id, rule, severity, evidence, first_raised_at, last_seen_at)
         VALUES ($1, 'project', $2, $2, $3, 'no_user_need', 'warning', 'no user need is recorded', now(), now()) RETURNING id`,
        [organisationId, project.id, project.programmeId],
      )
    ).rows[0].id as string;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
    // No user need recorded, so the flag stays open however often the evidence is refreshed.
    const project = await insertProject(ctx.db, org.id, { name: 'Report a missed bin', userNeed: null });
    projectId = project.id;
    flagId = await insertFlag(org.id, project);
    const theirs = await insertProject(ctx.db, other.id, { userNeed: null });
    theirFlag = await insertFlag(other.id, theirs);
    // A senior responsible owner acts for the board on their programme; a viewer only reads.
    const owner = await insertPerson(ctx, org, { name: 'Priya Shah', memberships: [{ role: 'sro', programmeId: project.programmeId }] });
    assignee = await insertPerson(ctx, org, { name: 'Tom Okafor', memberships: [{ role: 'project_manager', projectId }] });
    const reader = await insertPerson(ctx, org, { name: 'Alex Morgan' });
    sro = new BoardClient(ctx);
    await sro.signIn(owner.token);
    viewer = new BoardClient(ctx);
    await viewer.signIn(reader.token);
  });
  afterAll(() => ctx.close());

  it('offers the action on the project page to those who may act, and not to readers', async () => {
    expect((await sro.get(`/board/projects/${projectId}`).expect(200)).text).toContain(`/board/flags/${flagId}/actions/new`);
    expect((await viewer.get(`/board/projects/${projectId}`).expect(200)).text).not.toContain(`/board/flags/${flagId}/actions/new`);
  });

  it('says what to fix (400), then assigns the action, which shows on the assignee’s My work', async () => {
    const url = `/board/flags/${flagId}/actions/new`;
    const page = await sro.get(url).expect(200);
    expect(page.text).toContain('Tom Okafor');
    const csrf = csrfFrom(page.text);
    const bad = await sro.post(`/board/flags/${flagId}/actions`, { _csrf: csrf, title: '', ownerPersonId: '', 'dueOn-day': '31', 'dueOn-month': '2', 'dueOn-year': due[0], notes: 'Ask the service owner' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('Enter what needs to be done');
    expect(bad.text).toContain('Select who will do it');
    expect(bad.text).toContain('must be a real date');
    expect(bad.text).toContain('Ask the service owner');
    const done = await sro.post(`/board/flags/${flagId}/actions`, { _csrf: csrf, title: 'Write down the user need', ownerPersonId: assignee.id, 'dueOn-day': due[2], 'dueOn-month': due[1], 'dueOn-year': due[0] });
    expect(done.status).toBe(303);
    expect(done.headers.location).toMatch(/^\/board\/actions\/[0-9a-f-]{36}\/assigned$/);
    const confirmation = (await sro.get(done.headers.location).expect(200)).text;
    expect(confirmation).toContain('Action assigned');
    expect(confirmation).toContain('Tom Okafor');
    const stored = (await ctx.db.query(`SELECT title, owner_person_id, due_on::text AS due, parent_type, parent_id, status FROM actions WHERE parent_id = $1`, [flagId])).rows;
    expect(stored).toEqual([{ title: 'Write down the user need', owner_person_id: assignee.id, due: due.join('-'), parent_type: 'flag', parent_id: flagId, status: 'open' }]);

    const mine = new BoardClient(ctx);
    await mine.signIn(assignee.token);
    const home = (await mine.get('/board/home').expect(200)).text;
    expect(home).toContain('Actions assigned to you');
    expect(home).toContain('Write down the user need');
    expect(home).toContain('Report a missed bin');
    expect((await sro.get('/board/home').expect(200)).text).toContain('No open actions are assigned to you');
  });

  it('refuses a reader (403) and a post without the session token (403), and hides another organisation’s flag (404)', async () => {
    const refused = await viewer.get(`/board/flags/${flagId}/actions/new`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('You cannot do this');
    const form = { title: 'Sneaky', ownerPersonId: assignee.id, 'dueOn-day': due[2], 'dueOn-month': due[1], 'dueOn-year': due[0] };
    expect((await viewer.post(`/board/flags/${flagId}/actions`, { _csrf: await viewer.csrf(), ...form })).status).toBe(403);
    expect((await sro.post(`/board/flags/${flagId}/actions`, form)).status).toBe(403);
    expect((await sro.get(`/board/flags/${theirFlag}/actions/new`)).status).toBe(404);
    expect((await sro.post(`/board/flags/${theirFlag}/actions`, { _csrf: await sro.csrf(), ...form })).status).toBe(404);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM actions WHERE title = 'Sneaky'`)).rows[0].n).toBe(0);
  });
});
