import { INestApplicationContext } from '@nestjs/common';
import { addDays, Db, QUEUES, todayInLondon } from '@app/platform';
import { ActionReminders } from '@app/accountability';
import { AcceptanceReminders, ScanService } from '@app/governance';
import { Digests } from '@app/notifications';
import { expectProblem, TestContext, testConfig, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { insertPerson, TestPerson } from '@test/support/factories/people';
import { insertHealthyProject } from '@test/support/factories/evidence';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';
import { NotificationsProcessor } from '../../../apps/worker/src/notifications/notifications.processor';
import { CapturedMail, MailCapture } from '../../../scripts/mail-capture';

const PUBLIC_URL = 'http://127.0.0.1:3998';

/**
 * Email about actions and flag acceptances through a real SMTP server on 127.0.0.1, sent by real
 * workers from the notification outbox: an action's new owner, the daily reminders of actions due
 * tomorrow or overdue, and flag acceptances about to end.
 */
describe('email about actions and flag acceptances', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let smtp: MailCapture;
  let port: number;
  const workers: INestApplicationContext[] = [];
  let project: { id: string; programmeId: string };
  /** How the emails name the project: its code and name. */
  let label: string;
  let boss: TestPerson;
  let ana: TestPerson;
  let ben: TestPerson;
  const today = todayInLondon();

  const workerConfig = () => testConfig(ctx.database, { smtpHost: '127.0.0.1', smtpPort: port, smtpSecurity: 'none', emailPollMs: 200, emailRetryBaseMs: 100, publicUrl: PUBLIC_URL, outboxPollMs: 100 });
  const deliveries = async (kind: string, personId: string) =>
    (await ctx.db.query(`SELECT event_key, mode, status FROM notification_deliveries WHERE organisation_id = $1 AND kind = $2 AND person_id = $3 ORDER BY created_at`, [org.id, kind, personId])).rows;
  const mailTo = (email: string, prefix: string) => smtp.to(email).filter((m) => m.subject.startsWith(prefix));
  const arrived = (email: string, prefix: string, n = 1): Promise<CapturedMail[]> => waitFor(async () => (mailTo(email, prefix).length >= n ? mailTo(email, prefix) : null), 15_000);
  /** Waits until the outbox has nothing left to send, then a few polls more, so a second copy would have arrived. */
  const settled = async () => {
    await waitFor(async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE status IN ('pending', 'sending') AND mode = 'immediate'`)).rows[0].n === 0, 15_000);
    await new Promise((r) => setTimeout(r, 800));
  };
  const newRisk = async (title: string) =>
    (await ctx.as(boss.token).post('/v1/risks').send({ projectId: project.id, title, likelihood: 3, impact: 3, proximity: 'within_3_months', ownerPersonId: boss.id }).expect(201)).body as { id: string };
  /** An action arranged in SQL (the owner's pool), due on the given day; on the project, or with `programmeLevel` on its programme. */
  const insertAction = async (title: string, ownerId: string, dueOn: string, status = 'open', programmeLevel = false) =>
    (
      await ctx.db.query(
        `INSERT INTO actions (organisation_id, programme_id, project_id, title, parent_type, parent_id, owner_person_id, due_on, status)
         VALUES ($1, $2, $3, $4, 'risk', gen_random_uuid(), $5, $6, $7) RETURNING id`,
        [org.id, project.programmeId, programmeLevel ? null : project.id, title, ownerId, dueOn, status],
      )
    ).rows[0].id as string;

  beforeAll(async () => {
    ctx = await TestContext.start({ publicUrl: PUBLIC_URL });
    org = await ctx.newOrganisation();
    const row = await insertProject(ctx.db, org.id, { name: 'Fix the potholes' });
    project = { id: row.id, programmeId: row.programmeId };
    label = `${row.code} Fix the potholes`;
    boss = await insertPerson(ctx, org, { name: 'Priya Shah', roles: ['pmo'] });
    ana = await insertPerson(ctx, org, { name: 'Ana Lopes' });
    ben = await insertPerson(ctx, org, { name: 'Ben Hall', memberships: [{ role: 'project_manager', projectId: project.id }] });
    smtp = new MailCapture();
    port = await smtp.start();
    workers.push(await startWorker(workerConfig()), await startWorker(workerConfig()));
  }, 60_000);
  afterAll(async () => {
    if (workers[0]) await obliterate(workers[0], Object.values(QUEUES));
    for (const worker of workers) await worker.close();
    await smtp.stop();
    await ctx.close();
  }, 60_000);

  it('tells a person an action was assigned to them, and again when it is handed to someone else: subject, link, one-click unsubscribe', async () => {
    const risk = await newRisk('Contractor capacity');
    const dueOn = addDays(today, 20);
    const action = (await ctx.as(boss.token).post(`/v1/risks/${risk.id}/actions`).send({ title: 'Book a second crew', ownerPersonId: ana.id, dueOn, notes: 'Ask the framework first' }).expect(201)).body;

    const [mail] = await arrived(ana.email, 'Action assigned to you');
    expect(mail.to).toEqual([ana.email]);
    expect(mail.subject).toBe('Action assigned to you: Book a second crew');
    expect(mail.text).toContain('Hello Ana Lopes,');
    expect(mail.text).toContain(`Priya Shah gave you an action on a risk for ${label}`);
    expect(mail.text).toContain(`"Book a second crew", due by ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${dueOn}T00:00:00Z`))}.`);
    expect(mail.text).toContain('Notes: Ask the framework first');
    expect(mail.text).toContain(`Open the page: ${PUBLIC_URL}/board/projects/${project.id}`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/board/projects/${project.id}">Open the page</a>`);
    expect(mail.text).toContain('"Actions assigned to you"');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.headers['list-unsubscribe']).toMatch(new RegExp(`^<${PUBLIC_URL}/v1/notifications/unsubscribe\\?token=[A-Za-z0-9_-]{32}>$`));

    // Handed to Ben: Ben is told; handed back to Ana: she is told again (a new version, a new key).
    await ctx.as(boss.token).patch(`/v1/actions/${action.id}`).set('If-Match', '"1"').send({ ownerPersonId: ben.id }).expect(200);
    const [toBen] = await arrived(ben.email, 'Action assigned to you');
    expect(toBen.subject).toBe('Action assigned to you: Book a second crew');
    await ctx.as(boss.token).patch(`/v1/actions/${action.id}`).set('If-Match', '"2"').send({ ownerPersonId: ana.id }).expect(200);
    await arrived(ana.email, 'Action assigned to you', 2);
    // A change that keeps the owner tells nobody.
    await ctx.as(boss.token).patch(`/v1/actions/${action.id}`).set('If-Match', '"3"').send({ dueOn: addDays(today, 25) }).expect(200);
    await settled();
    expect(mailTo(ana.email, 'Action assigned to you')).toHaveLength(2);
    expect(mailTo(ben.email, 'Action assigned to you')).toHaveLength(1);

    // One click turns "Actions assigned to you" off for Ana: the next assignment writes nothing for her.
    const unsubscribe = (/^<(.+)>$/.exec(mail.headers['list-unsubscribe']) as RegExpExecArray)[1];
    await ctx.as('').post(unsubscribe.slice(PUBLIC_URL.length)).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await ctx.as(ana.token).get('/v1/me/notification-preferences').expect(200)).body).toContainEqual({ kind: 'action_assigned', title: 'Actions assigned to you', mode: 'off' });
    await ctx.as(boss.token).post(`/v1/risks/${risk.id}/actions`).send({ title: 'Check the budget', ownerPersonId: ana.id, dueOn }).expect(201);
    expect(await deliveries('action_assigned', ana.id)).toHaveLength(2);
  });

  it('tells nobody of an action they assigned to themselves, on creation or by taking it over', async () => {
    const risk = await newRisk('Winter backlog');
    const own = (await ctx.as(ben.token).post(`/v1/risks/${risk.id}/actions`).send({ title: 'Walk the worst roads', ownerPersonId: ben.id, dueOn: addDays(today, 20) }).expect(201)).body;
    const other = (await ctx.as(boss.token).post(`/v1/risks/${risk.id}/actions`).send({ title: 'Survey the estate', ownerPersonId: boss.id, dueOn: addDays(today, 20) }).expect(201)).body;
    // Ben, the project manager, takes Priya's action over himself.
    await ctx.as(ben.token).patch(`/v1/actions/${other.id}`).set('If-Match', '"1"').send({ ownerPersonId: ben.id }).expect(200);
    await settled();
    const keys = (await deliveries('action_assigned', ben.id)).map((d) => d.event_key as string);
    expect(keys.filter((k) => k.includes(own.id) || k.includes(other.id))).toEqual([]);
    expect(await deliveries('action_assigned', boss.id)).toEqual([]);
    expect(mailTo(ben.email, 'Action assigned to you: Walk the worst roads')).toEqual([]);
    expect(mailTo(ben.email, 'Action assigned to you: Survey the estate')).toEqual([]);
  });

  it('reminds an owner of an action due tomorrow and of one overdue, once per person, action and day however many workers run', async () => {
    const tomorrow = await insertAction('Publish the route plan', ana.id, addDays(today, 1));
    const late = await insertAction('Order the tarmac', ana.id, addDays(today, -3));
    await insertAction('Brief the councillors', ana.id, addDays(today, 2));
    await insertAction('Close the old contract', ana.id, addDays(today, -5), 'done');
    const benLate = await insertAction('Reply to the ombudsman', ben.id, addDays(today, -1));
    const programmeLate = await insertAction('Set the programme budget', boss.id, addDays(today, -1), 'open', true);

    const processor = (w: INestApplicationContext) => w.get(NotificationsProcessor, { strict: false });
    const results = await Promise.all([processor(workers[0]).remind(), workers[1].get(ActionReminders).run(today), processor(workers[1]).remind(), workers[0].get(ActionReminders).run(today)]);
    expect(results.reduce((n, r) => n + r.actions, 0)).toBe(4);
    await settled();

    const due = mailTo(ana.email, 'Action due tomorrow');
    expect(due.map((m) => m.subject)).toEqual(['Action due tomorrow: Publish the route plan']);
    expect(due[0].text).toContain(`Your action "Publish the route plan" on ${label} is due tomorrow`);
    expect(due[0].text).toContain(`Open the page: ${PUBLIC_URL}/board/projects/${project.id}`);
    expect(due[0].text).toContain('"Actions due or overdue"');
    expect(due[0].headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const overdue = mailTo(ana.email, 'Action overdue');
    expect(overdue.map((m) => m.subject)).toEqual(['Action overdue: Order the tarmac']);
    expect(overdue[0].text).toContain('is still open, 3 days late.');
    expect(overdue[0].html).toContain(`<a href="${PUBLIC_URL}/board/projects/${project.id}">Open the page</a>`);
    expect(mailTo(ben.email, 'Action overdue').map((m) => m.subject)).toEqual(['Action overdue: Reply to the ombudsman']);
    expect(mailTo(ben.email, 'Action overdue')[0].text).toContain('1 day late.');
    expect((await deliveries('action_due', ana.id)).map((d) => d.event_key).sort()).toEqual([`action_due:${late}:${today}`, `action_due:${tomorrow}:${today}`].sort());
    expect(await deliveries('action_due', ben.id)).toEqual([expect.objectContaining({ event_key: `action_due:${benLate}:${today}`, status: 'sent' })]);
    // A programme's own action links to the programme on the board.
    const [toBoss] = mailTo(boss.email, 'Action overdue');
    expect(toBoss.subject).toBe('Action overdue: Set the programme budget');
    expect(toBoss.text).toContain(`Open the page: ${PUBLIC_URL}/board?programme=${project.programmeId}`);
    await ctx.db.query(`UPDATE actions SET status = 'done' WHERE id = $1`, [programmeLate]);

    // The next day: the overdue ones again, the one now due tomorrow; a closed action says nothing more.
    await ctx.db.query(`UPDATE actions SET status = 'done' WHERE id = $1`, [benLate]);
    expect(await workers[0].get(ActionReminders).run(addDays(today, 1))).toEqual({ actions: 3 });
    await settled();
    expect(mailTo(ana.email, 'Action overdue').map((m) => m.subject).sort()).toEqual(['Action overdue: Order the tarmac', 'Action overdue: Order the tarmac', 'Action overdue: Publish the route plan']);
    expect(mailTo(ana.email, 'Action due tomorrow').map((m) => m.subject)).toEqual(['Action due tomorrow: Publish the route plan', 'Action due tomorrow: Brief the councillors']);
    expect(mailTo(ben.email, 'Action overdue')).toHaveLength(1);
    await ctx.db.query(`UPDATE actions SET status = 'done' WHERE organisation_id = $1 AND owner_person_id = $2`, [org.id, ana.id]);
  });

  it('tells whoever accepted a flag, and the project’s owner, before the acceptance ends; the notice is an organisation setting', async () => {
    const scan = () => ctx.app.get(Db).system((m) => ctx.app.get(ScanService).scanWithin(m, org.id, null, new Date()));
    const soon = await insertHealthyProject(ctx.db, org.id);
    const later = await insertHealthyProject(ctx.db, org.id);
    await ctx.db.query(`UPDATE projects SET user_need = NULL WHERE id = ANY($1)`, [[soon.projectId, later.projectId]]);
    await scan();
    const flagOf = async (projectId: string) => (await ctx.db.query(`SELECT id FROM flags WHERE project_id = $1 AND rule = 'no_user_need' AND status = 'open'`, [projectId])).rows[0].id as string;
    const soonFlag = await flagOf(soon.projectId);
    const laterFlag = await flagOf(later.projectId);
    // Priya accepts the first for three days; Ana, whom the second project names as its owner, accepts it for thirty.
    await ctx.as(boss.token).put(`/v1/projects/${later.projectId}/owner`).send({ personId: ana.id }).expect(200);
    await ctx.as(boss.token).post(`/v1/flags/${soonFlag}/accept`).send({ until: addDays(today, 3), reason: 'Research booked for next week' }).expect(200);
    await ctx.as(boss.token).post(`/v1/flags/${laterFlag}/accept`).send({ until: addDays(today, 30), reason: 'Waiting for the new service owner' }).expect(200);
    const owner = (await ctx.db.query(`SELECT email FROM people WHERE id = $1`, [soon.ownerId])).rows[0].email as string;

    const results = await Promise.all([workers[0].get(AcceptanceReminders).run(today), workers[1].get(AcceptanceReminders).run(today), workers[0].get(AcceptanceReminders).run(today)]);
    expect(results.reduce((n, r) => n + r.acceptances, 0)).toBe(2);
    await settled();
    const [toBoss] = mailTo(boss.email, 'Flag acceptance ends');
    expect(mailTo(boss.email, 'Flag acceptance ends')).toHaveLength(1);
    expect(toBoss.subject).toMatch(/^Flag acceptance ends \d{1,2} \w+ \d{4}: No user need on PRJ-\d+ /);
    expect(toBoss.text).toContain('was accepted by Priya Shah until');
    expect(toBoss.text).toContain('"Research booked for next week"');
    expect(toBoss.text).toContain(`Open the page: ${PUBLIC_URL}/board/projects/${soon.projectId}`);
    expect(toBoss.text).toContain('"Flag acceptances about to lapse"');
    expect(toBoss.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mailTo(owner, 'Flag acceptance ends').map((m) => m.subject)).toEqual([toBoss.subject]);
    expect(mailTo(ana.email, 'Flag acceptance ends')).toEqual([]);
    // Acting on the flag instead: the action's owner is told it hangs off a governance flag.
    await ctx.as(boss.token).post(`/v1/flags/${soonFlag}/actions`).send({ title: 'Run the user research', ownerPersonId: ben.id, dueOn: addDays(today, 10) }).expect(201);
    const [flagAction] = await arrived(ben.email, 'Action assigned to you: Run the user research');
    expect(flagAction.text).toMatch(/Priya Shah gave you an action on a governance flag for PRJ-\d+ /);
    expect(flagAction.text).toContain(`Open the page: ${PUBLIC_URL}/board/projects/${soon.projectId}`);
    // Run again the next day: each acceptance is announced once.
    expect(await workers[1].get(AcceptanceReminders).run(addDays(today, 1))).toEqual({ acceptances: 0 });

    // Forty days' notice: the second acceptance is now near enough. Ana accepted nothing but owns the project: told once.
    const settings = await ctx.as(org.adminToken).get('/v1/organisation/settings').expect(200);
    expect(settings.body.governance.acceptanceNoticeDays).toBe(7);
    expectProblem(await ctx.as(org.adminToken).patch('/v1/organisation/settings').set('If-Match', settings.headers.etag).send({ governance: { acceptanceNoticeDays: 0 } }), 400);
    const patched = await ctx.as(org.adminToken).patch('/v1/organisation/settings').set('If-Match', settings.headers.etag).send({ governance: { acceptanceNoticeDays: 40 } }).expect(200);
    expect(patched.body.governance.acceptanceNoticeDays).toBe(40);
    expect(await workers[0].get(AcceptanceReminders).run(today)).toEqual({ acceptances: 2 });
    const [toAna] = await arrived(ana.email, 'Flag acceptance ends');
    expect(toAna.text).toContain('"Waiting for the new service owner"');
    expect(toAna.text).toContain(`${PUBLIC_URL}/board/projects/${later.projectId}`);
    await settled();
    expect(mailTo(ana.email, 'Flag acceptance ends')).toHaveLength(1);
    expect(mailTo(boss.email, 'Flag acceptance ends')).toHaveLength(2);
  });

  it('gathers action emails into the weekly digest for a person who chose it, and writes none for a kind turned off', async () => {
    const dee = await insertPerson(ctx, org, { name: 'Dee Gest' });
    const eve = await insertPerson(ctx, org, { name: 'Eve Off' });
    await ctx.as(dee.token).put('/v1/me/notification-preferences/action_assigned').send({ mode: 'digest' }).expect(200);
    await ctx.as(dee.token).put('/v1/me/notification-preferences/action_due').send({ mode: 'digest' }).expect(200);
    await ctx.as(eve.token).put('/v1/me/notification-preferences/action_assigned').send({ mode: 'off' }).expect(200);
    const risk = await newRisk('Resurfacing overruns');
    await ctx.as(boss.token).post(`/v1/risks/${risk.id}/actions`).send({ title: 'Agree the overrun', ownerPersonId: dee.id, dueOn: addDays(today, 1) }).expect(201);
    await ctx.as(boss.token).post(`/v1/risks/${risk.id}/actions`).send({ title: 'Count the overrun', ownerPersonId: eve.id, dueOn: addDays(today, 9) }).expect(201);
    await workers[0].get(ActionReminders).run(today);
    await settled();
    expect(smtp.to(dee.email)).toEqual([]);
    expect(smtp.to(eve.email)).toEqual([]);
    expect(await deliveries('action_assigned', eve.id)).toEqual([]);
    expect((await deliveries('action_assigned', dee.id)).map((d) => d.mode)).toEqual(['digest']);
    expect((await deliveries('action_due', dee.id)).map((d) => d.mode)).toEqual(['digest']);

    expect(await workers[1].get(Digests).gather()).toBe(2);
    expect(await workers[0].get(Digests).gather()).toBe(0);
    const [digest] = await arrived(dee.email, 'Your weekly summary');
    expect(digest.subject).toBe('Your weekly summary: 2 updates');
    expect(digest.text).toContain('Actions assigned to you: Action assigned to you: Agree the overrun');
    expect(digest.text).toContain('Actions due or overdue: Action due tomorrow: Agree the overrun');
    expect(digest.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });
});
