import { INestApplicationContext } from '@nestjs/common';
import { Db, QUEUES, systemActor } from '@app/platform';
import { DeliverySender, Digests, mailTransportFor, notify } from '@app/notifications';
import { ReportReminders } from '@app/portfolio';
import { TestContext, testConfig, TestOrg } from '@test/support/test-app';
import { insertProject } from '@test/support/factories/portfolio';
import { insertPerson, TestPerson } from '@test/support/factories/people';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';
import { MailCapture } from '../../../scripts/mail-capture';

const PUBLIC_URL = 'http://127.0.0.1:3999';
const GREEN = { schedule: 'green', cost: 'green', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' };

function period(offsetMonths: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offsetMonths);
  return d.toISOString().slice(0, 7);
}

/** Email through a real SMTP server on 127.0.0.1, sent by real workers from the notification outbox. */
describe('email delivery', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let smtp: MailCapture;
  let port: number;
  const workers: INestApplicationContext[] = [];
  let projectId: string;
  let programmeId: string;
  let pm: TestPerson;
  let sro: TestPerson;

  const workerConfig = () => testConfig(ctx.database, { smtpHost: '127.0.0.1', smtpPort: port, smtpSecurity: 'none', emailPollMs: 200, emailRetryBaseMs: 100, publicUrl: PUBLIC_URL, outboxPollMs: 100 });
  const rows = async (kind: string) => (await ctx.db.query(`SELECT person_id, status, attempts FROM notification_deliveries WHERE organisation_id = $1 AND kind = $2`, [org.id, kind])).rows;

  beforeAll(async () => {
    ctx = await TestContext.start({ publicUrl: PUBLIC_URL });
    org = await ctx.newOrganisation();
    const project = await insertProject(ctx.db, org.id, { name: 'Report a missed bin' });
    projectId = project.id;
    programmeId = project.programmeId;
    pm = await insertPerson(ctx, org, { name: 'Tom Okafor', memberships: [{ role: 'project_manager', projectId }] });
    sro = await insertPerson(ctx, org, { name: 'Sam Reid', memberships: [{ role: 'sro', programmeId }] });
    smtp = new MailCapture();
    port = await smtp.start();
    workers.push(await startWorker(workerConfig()));
  }, 60_000);
  afterAll(async () => {
    if (workers[0]) await obliterate(workers[0], Object.values(QUEUES));
    for (const worker of workers) await worker.close();
    await smtp.stop();
    await ctx.close();
  });

  it('emails the SRO a report awaiting approval: recipient, subject, link, plain text and HTML, one-click unsubscribe headers', async () => {
    await ctx.as(pm.token).post(`/v1/projects/${projectId}/status-reports`).send({ period: period(-1), overall: 'green', dimensions: GREEN }).expect(201);
    // The SRO also hears of the project's new critical flags: pick the approval request out.
    const approvalMails = () => smtp.to(sro.email).filter((m) => m.subject.includes('waiting for your approval'));
    const [mail] = await waitFor(async () => (approvalMails().length ? approvalMails() : null), 15_000);
    expect(mail.subject).toMatch(/^Status report for .*Report a missed bin \(\d{4}-\d{2}\) is waiting for your approval$/);
    expect(mail.text).toContain('Hello Sam Reid,');
    expect(mail.text).toContain(`Open the page: ${PUBLIC_URL}/board/projects/${projectId}`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/board/projects/${projectId}">Open the page</a>`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'])?.[1] as string;
    expect(unsubscribe).toMatch(new RegExp(`^${PUBLIC_URL}/v1/notifications/unsubscribe\\?token=[A-Za-z0-9_-]{32}$`));
    expect(mail.text).toContain(`Stop them: ${unsubscribe}`);
    // The server has the message before the worker records it sent: wait for the record.
    await waitFor(async () => (await rows('report_awaiting_approval')).every((r) => r.status === 'sent'), 15_000);
    expect(await rows('report_awaiting_approval')).toEqual([expect.objectContaining({ person_id: sro.id, status: 'sent', attempts: 1 })]);
    // The project manager's own submission asks nothing of them (they hear of the project's new critical flags only).
    expect(smtp.to(pm.email).filter((m) => !m.subject.startsWith('Critical flag:'))).toEqual([]);

    // One click (RFC 8058): a POST to the link turns that kind off for that person.
    const path = unsubscribe.slice(PUBLIC_URL.length);
    const page = await ctx.as('').get(path).expect(200);
    expect(page.text).toContain('<form method="post"');
    await ctx.as('').post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const prefs = await ctx.as(sro.token).get('/v1/me/notification-preferences').expect(200);
    expect(prefs.body).toContainEqual({ kind: 'report_awaiting_approval', title: expect.any(String), mode: 'off' });
    await ctx.as('').post('/v1/notifications/unsubscribe?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').type('form').send('List-Unsubscribe=One-Click').expect(404);
    await ctx.as('').post('/v1/notifications/unsubscribe?token=bad').expect(400);

    // The next report waiting for approval is not sent to them.
    await ctx.as(pm.token).post(`/v1/projects/${projectId}/status-reports`).send({ period: period(-2), overall: 'green', dimensions: GREEN }).expect(201);
    expect(await rows('report_awaiting_approval')).toHaveLength(1);
  });

  it('delivers every message exactly once when the SMTP server is down and then back', async () => {
    await smtp.stop();
    const people = await Promise.all(['Ada One', 'Bea Two', 'Cy Three'].map((name) => insertPerson(ctx, org, { name })));
    await ctx.app.get(Db).tenant(systemActor(org.id), (tx) =>
      notify(tx, people.map((p, i) => ({ kind: 'critical_flag' as const, eventKey: `outage-test:${i}`, personIds: [p.id], subject: `Outage test ${i}`, body: 'A test message.', link: '/board' }))),
    );
    // The worker tries, fails, and keeps each delivery pending with a later retry.
    await waitFor(async () => {
      const r = await ctx.db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE event_key LIKE 'outage-test:%' AND attempts >= 2 AND status = 'pending'`);
      return r.rows[0].n === 3;
    }, 15_000);
    const before = smtp.messages.length;
    await smtp.start(port);
    await waitFor(async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE event_key LIKE 'outage-test:%' AND status = 'sent'`)).rows[0].n === 3, 20_000);
    // A few more polls: nothing is sent twice.
    await new Promise((r) => setTimeout(r, 1000));
    const received = smtp.messages.slice(before).filter((m) => m.subject.startsWith('Outage test'));
    expect(received.map((m) => m.to[0]).sort()).toEqual(people.map((p) => p.email).sort());
    expect(new Set(received.map((m) => m.messageId)).size).toBe(3);
  });

  it('sends one report reminder per person, subject and day however many workers work it out', async () => {
    const second = await startWorker(workerConfig());
    workers.push(second);
    const late = await insertProject(ctx.db, org.id, { programmeId, name: 'Late project' });
    await ctx.db.query(`UPDATE projects SET start_date = now() - interval '400 days' WHERE id = $1`, [late.id]);
    const before = smtp.to(sro.email).length;
    const today = new Date().toISOString().slice(0, 10);
    await Promise.all([workers[0].get(ReportReminders).run(today), second.get(ReportReminders).run(today), workers[0].get(ReportReminders).run(today)]);
    await waitFor(async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE kind = 'report_late' AND status <> 'sent'`)).rows[0].n === 0, 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    const lateMails = smtp.to(sro.email).slice(before).filter((m) => m.subject.startsWith('Status report late') && m.subject.includes('Late project'));
    expect(lateMails).toHaveLength(1);
    expect(lateMails[0].subject).toMatch(/^Status report late for .*Late project/);
    expect(lateMails[0].text).toContain(`${PUBLIC_URL}/board/projects/${late.id}`);
  });

  it('gathers digest-mode notifications into one weekly email per person', async () => {
    const reader = await insertPerson(ctx, org, { name: 'Dee Gest' });
    await ctx.as(reader.token).put('/v1/me/notification-preferences/critical_flag').send({ mode: 'digest' }).expect(200);
    expect((await ctx.as(reader.token).put('/v1/me/notification-preferences/critical_flag').send({ mode: 'weekly' })).status).toBe(400);
    expect((await ctx.as(reader.token).put('/v1/me/notification-preferences/nonsense').send({ mode: 'off' })).status).toBe(400);
    expect((await ctx.as(org.adminToken).get('/v1/me/notification-preferences')).status).toBe(403);
    await ctx.app.get(Db).tenant(systemActor(org.id), (tx) =>
      notify(tx, [1, 2].map((i) => ({ kind: 'critical_flag' as const, eventKey: `digest-test:${i}`, personIds: [reader.id], subject: `Digest item ${i}`, body: `Item ${i} happened.`, link: '/board' }))),
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(smtp.to(reader.email)).toHaveLength(0);
    expect(await workers[0].get(Digests).gather()).toBe(2);
    expect(await workers[1].get(Digests).gather()).toBe(0);
    const [digest] = await waitFor(async () => (smtp.to(reader.email).length ? smtp.to(reader.email) : null), 15_000);
    expect(digest.subject).toBe('Your weekly summary: 2 updates');
    expect(digest.text).toContain('Digest item 1');
    expect(digest.text).toContain('Item 2 happened.');
    expect(digest.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('has one transport for the configuration, and none without an SMTP host', () => {
    expect(mailTransportFor(testConfig(ctx.database, { smtpHost: '' }))).toBeNull();
    const sender = workers[0].get(DeliverySender);
    expect(sender).toBeInstanceOf(DeliverySender);
  });
});
