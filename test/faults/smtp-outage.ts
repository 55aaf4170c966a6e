import { Pool } from 'pg';
import { MailCapture } from '../../scripts/mail-capture';
import { freePort, Service, sleep, waitUntil } from './cluster';

export interface SmtpOutageContext {
  owner: Pool;
  organisationId: string;
  /** The api and worker environment of the run (database, Redis, queue prefix). */
  environment: Record<string, string>;
}

const PEOPLE = 40;
const verdict = (ok: boolean, text: string) => `${ok ? 'ok' : 'FAILED'}: ${text}`;

/**
 * The SMTP server stops in the middle of the weekly digest and comes back: every person's digest
 * arrives, once. A worker with email configured sends from the outbox to a slow local SMTP server;
 * the server is stopped after the first few messages, the worker's sends fail and back off, and
 * when the server returns the rest go out. Nothing is lost and nobody gets a second copy.
 */
export async function smtpOutageMidDigest(context: SmtpOutageContext): Promise<string[]> {
  const { owner, organisationId } = context;
  const lines: string[] = [];
  const smtp = new MailCapture(undefined, 100);
  const port = await smtp.start(await freePort());
  const programme = (await owner.query(`SELECT id FROM programmes WHERE organisation_id = $1 LIMIT 1`, [organisationId])).rows[0].id;
  const people: { id: string; email: string }[] = (
    await owner.query(
      `INSERT INTO people (organisation_id, email, name, status) SELECT $1, 'digest.' || g || '@faults.gov.uk', 'Digest reader ' || g, 'active'
         FROM generate_series(1, ${PEOPLE}) g RETURNING id, email`,
      [organisationId],
    )
  ).rows;
  await owner.query(`INSERT INTO memberships (organisation_id, person_id, role, programme_id) SELECT $1, id, 'sro', $2 FROM people WHERE organisation_id = $1 AND email LIKE 'digest.%'`, [organisationId, programme]);
  await owner.query(`INSERT INTO notification_preferences (organisation_id, person_id, kind, mode) SELECT $1, id, 'critical_flag', 'digest' FROM people WHERE organisation_id = $1 AND email LIKE 'digest.%'`, [organisationId]);
  // Two waiting items each, as the week's critical flags would leave them.
  await owner.query(
    `INSERT INTO notification_deliveries (organisation_id, person_id, kind, event_key, mode, subject, body, link)
     SELECT $1, p.id, 'critical_flag', 'smtp-outage:' || i || ':' || p.id, 'digest', 'Critical flag ' || i, 'Something critical happened (' || i || ').', '/board'
       FROM people p CROSS JOIN generate_series(1, 2) i WHERE p.organisation_id = $1 AND p.email LIKE 'digest.%'`,
    [organisationId],
  );
  const mailer = new Service('mail-worker', 'apps/worker/src/main.js', {
    ...context.environment,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    SMTP_SECURITY: 'none',
    EMAIL_POLL_MS: '300',
    EMAIL_RETRY_BASE_MS: '300',
    EMAIL_DIGEST_CRON: '*/2 * * * * *',
  });
  const digests = async () =>
    (await owner.query(`SELECT status, count(*)::int AS n, max(attempts)::int AS attempts FROM notification_deliveries WHERE organisation_id = $1 AND kind = 'digest' GROUP BY status`, [organisationId])).rows as { status: string; n: number; attempts: number }[];
  try {
    const some = await waitUntil(async () => smtp.messages.length >= 5, 30_000, 50);
    lines.push(verdict(!!some, `the digest started: ${smtp.messages.length} of ${PEOPLE} sent when the SMTP server was stopped`));
    await smtp.stop();
    await sleep(3000);
    const during = await digests();
    const waiting = during.filter((r) => r.status !== 'sent').reduce((n, r) => n + r.n, 0);
    lines.push(verdict(waiting > 0, `while it was down ${waiting} digests waited in the outbox (${JSON.stringify(during)})`));
    await smtp.start(port);
    const done = await waitUntil(async () => {
      const rows = await digests();
      return rows.length === 1 && rows[0].status === 'sent' && rows[0].n === PEOPLE;
    }, 60_000);
    lines.push(verdict(!!done, `after it returned every digest was marked sent (${JSON.stringify(await digests())})`));
    await sleep(2000);
    const received = new Map<string, number>();
    for (const m of smtp.messages) for (const to of m.to) received.set(to, (received.get(to) ?? 0) + 1);
    const missing = people.filter((p) => !received.has(p.email)).length;
    const twice = [...received.values()].filter((n) => n > 1).length;
    lines.push(verdict(missing === 0 && twice === 0 && smtp.messages.length === PEOPLE, `${smtp.messages.length} messages for ${PEOPLE} people: ${missing} missing, ${twice} received twice`));
    const items = (await owner.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE organisation_id = $1 AND event_key LIKE 'smtp-outage:%' AND status = 'digested'`, [organisationId])).rows[0].n;
    lines.push(verdict(items === PEOPLE * 2, `${items} of ${PEOPLE * 2} waiting notifications went into a digest`));
    lines.push(verdict(mailer.unhandled().length === 0, `the mail worker logged nothing unhandled`));
  } finally {
    await mailer.kill('SIGTERM');
    await smtp.stop();
  }
  return lines;
}
