import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Db, personContactSql, publicBaseUrl } from '@app/platform';
import { renderEmail } from './email-content';
import { MailTransport, PermanentMailError } from './mail-transport';
import type { NotificationKind } from './notification.enums';

interface Claimed {
  id: string;
  organisation_id: string;
  person_id: string;
  kind: NotificationKind | 'digest';
  subject: string;
  body: string;
  link: string;
  attempts: number;
  email: string | null;
  name: string | null;
  status: string | null;
}

/** How long a claimed delivery is held by one worker before another may take it (a crash mid-send). */
const LEASE = '5 minutes';
const BATCH = 50;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

export const retryDelayMs = (attempts: number, baseMs: number): number => Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));

/**
 * Sends due emails from the outbox. Each row is claimed (SKIP LOCKED, with a lease) so however
 * many workers run, one sends it; it is marked sent once the SMTP server accepts it. A failed send
 * goes back to pending with a doubling delay: nothing is lost while SMTP or Redis is down.
 */
@Injectable()
export class DeliverySender {
  private readonly logger = new Logger('email');

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {}

  /** Sends what is due, a batch at a time, until nothing is; returns how many were sent. */
  async sendDue(transport: MailTransport): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return { sent, failed };
      for (const row of batch) {
        if (await this.sendOne(transport, row)) sent++;
        else failed++;
      }
      if (failed > 0) return { sent, failed };
    }
  }

  private claim(): Promise<Claimed[]> {
    return this.db.system((m) =>
      m.query(
        // A SELECT over the UPDATE's rows: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
        `WITH due AS (
           SELECT id FROM notification_deliveries
            WHERE status IN ('pending', 'sending') AND mode = 'immediate' AND next_attempt_at <= now()
            ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED),
         claimed AS (
           UPDATE notification_deliveries d SET status = 'sending', attempts = d.attempts + 1, next_attempt_at = now() + interval '${LEASE}'
             FROM due WHERE d.id = due.id
           RETURNING d.id, d.organisation_id, d.person_id, d.kind, d.subject, d.body, d.link, d.attempts, d.next_attempt_at)
         SELECT cl.id, cl.organisation_id, cl.person_id, cl.kind, cl.subject, cl.body, cl.link, cl.attempts, c.email, c.name, c.status
           FROM claimed cl LEFT JOIN LATERAL (${personContactSql('cl.organisation_id', 'cl.person_id')}) c ON true
          ORDER BY cl.next_attempt_at, cl.id`,
      ),
    );
  }

  private async sendOne(transport: MailTransport, row: Claimed): Promise<boolean> {
    if (!row.email || row.status === 'deactivated') {
      await this.finish(row.id, 'skipped', 'the person has left or has no email address');
      return true;
    }
    const base = publicBaseUrl(this.config);
    const token = randomBytes(24).toString('base64url');
    await this.db.system((m) =>
      m.query(`INSERT INTO notification_unsubscribe_tokens (token_hash, organisation_id, person_id, kind) VALUES ($1, $2, $3, $4)`, [
        createHash('sha256').update(token).digest(),
        row.organisation_id,
        row.person_id,
        row.kind,
      ]),
    );
    const unsubscribeUrl = `${base}/v1/notifications/unsubscribe?token=${token}`;
    const { text, html } = renderEmail({
      recipientName: row.name ?? row.email,
      kind: row.kind,
      subject: row.subject,
      body: row.body,
      url: `${base}${row.link}`,
      unsubscribeUrl,
      preferencesUrl: `${base}/board/notifications`,
    });
    try {
      await transport.send({
        to: row.email,
        subject: row.subject,
        text,
        html,
        messageId: `<${row.id}@${new URL(base).hostname}>`,
        headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      if (error instanceof PermanentMailError) {
        await this.finish(row.id, 'failed', message);
      } else {
        const delay = retryDelayMs(row.attempts, this.config.emailRetryBaseMs);
        await this.db.system((m) =>
          m.query(`UPDATE notification_deliveries SET status = 'pending', last_error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1 AND status = 'sending'`, [row.id, message, delay]),
        );
      }
      this.logger.warn({ msg: 'email not sent', deliveryId: row.id, attempts: row.attempts, error: message });
      return false;
    }
    await this.finish(row.id, 'sent', null);
    return true;
  }

  private finish(id: string, status: 'sent' | 'skipped' | 'failed', error: string | null): Promise<unknown> {
    return this.db.system((m) =>
      m.query(`UPDATE notification_deliveries SET status = $2::text, last_error = $3, sent_at = CASE WHEN $2::text = 'sent' THEN now() END WHERE id = $1`, [id, status, error]),
    );
  }
}
