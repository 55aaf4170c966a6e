import { TestContext, TestOrg } from '@test/support/test-app';
import { insertPerson, TestPerson } from '@test/support/factories/people';
import { BoardClient, csrfFrom } from '../board/board-client';

/** The board page every email links to: a person's choice per kind of email. */
describe('email preferences page', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let person: TestPerson;

  beforeAll(async () => {
    ctx = await TestContext.start({ boardTokenSignIn: true });
    org = await ctx.newOrganisation();
    person = await insertPerson(ctx, org, { name: 'Dee Reader' });
  });
  afterAll(() => ctx.close());

  it('shows each kind with its choice and saves a change, audited', async () => {
    const board = new BoardClient(ctx);
    expect((await board.signIn(person.token)).status).toBe(303);
    const page = await board.get('/board/notifications').expect(200);
    expect(page.text).toContain('New critical flags');
    expect(page.text).toMatch(/name="critical_flag"[^>]*value="immediate"[^>]*checked/);
    const saved = await board.post('/board/notifications', { _csrf: csrfFrom(page.text), critical_flag: 'digest', report_due: 'off', report_late: 'sometimes' }).expect(303);
    expect(saved.headers.location).toBe('/board/notifications?saved=1');
    const after = await board.get('/board/notifications?saved=1').expect(200);
    expect(after.text).toContain('Your email choices are saved');
    const modes = Object.fromEntries((await ctx.as(person.token).get('/v1/me/notification-preferences').expect(200)).body.map((p: { kind: string; mode: string }) => [p.kind, p.mode]));
    expect(modes).toMatchObject({ critical_flag: 'digest', report_due: 'off', report_late: 'immediate' });
    const audit = await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE organisation_id = $1 AND action = 'notification_preference.set'`, [org.id]);
    expect(audit.rows[0].n).toBe(2);
  });

  it('refuses a form without the page’s CSRF token, and tells a signed-in token with no person that choices are personal', async () => {
    const board = new BoardClient(ctx);
    expect((await board.signIn(person.token)).status).toBe(303);
    expect((await board.post('/board/notifications', { critical_flag: 'off' })).status).toBe(403);
    const admin = new BoardClient(ctx);
    expect((await admin.signIn(org.adminToken)).status).toBe(303);
    const page = await admin.get('/board/notifications').expect(200);
    expect(page.text).toContain('Email choices belong to a person');
  });
});
