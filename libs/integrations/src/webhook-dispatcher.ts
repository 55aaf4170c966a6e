import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Db, DomainEventPayload, systemActor, TenantTx } from '@app/platform';
import { AUTO_DISABLE_AFTER_DEAD, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './retry-policy';
import { sendWebhook } from './webhook-sender';
import { sign } from './webhook-signature';

export interface NextAttempt {
  attempt: number;
  delayMs: number;
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  event_id: string;
  body: string;
  next_attempt_at: Date | null;
  url: string;
  secret: Buffer;
  usable: boolean;
}

const actorFor = (organisationId: string) => systemActor(organisationId, 'webhooks');

/**
 * The worker's side of webhooks, with no Bull in it: fan an event out to deliveries, and make one
 * attempt of one delivery. The caller enqueues what these return.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('webhooks');

  constructor(
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {}

  /**
   * One delivery per active subscription to the event's type, created in one statement; running it
   * again for the same event adds none (unique webhook + event). Returns every delivery of the
   * event not yet attempted, so a fan-out that died before enqueueing is completed by a re-run.
   */
  fanOut(organisationId: string, event: DomainEventPayload): Promise<string[]> {
    const body = JSON.stringify({ id: event.eventId, type: event.type, timestamp: event.occurredAt, data: event.data });
    return this.db.tenant(actorFor(organisationId), async (tx) => {
      await tx.query(
        `INSERT INTO webhook_deliveries (organisation_id, webhook_id, event_id, event_type, body, next_attempt_at)
         SELECT w.organisation_id, w.id, $2::uuid, $3::varchar, $4::text, now() FROM webhooks w
          WHERE w.organisation_id = $1 AND w.active AND w.deleted_at IS NULL AND $3::text = ANY (w.events)
         ON CONFLICT ON CONSTRAINT uq_webhook_deliveries_webhook_id_event_id DO NOTHING`,
        [organisationId, event.eventId, event.type, body],
      );
      const rows = await tx.query<{ id: string }>(`SELECT id FROM webhook_deliveries WHERE organisation_id = $1 AND event_id = $2 AND status = 'pending' AND attempts = 0 ORDER BY id`, [organisationId, event.eventId]);
      return rows.map((r) => r.id);
    });
  }

  /**
   * Makes attempt number `attempt` of a delivery and records it. Returns the attempt to schedule
   * next, or null when the delivery is finished. Safe to run twice: an attempt already recorded
   * is not sent again, only its follow-up is returned.
   */
  async attempt(organisationId: string, deliveryId: string, attempt: number): Promise<NextAttempt | null> {
    const row = await this.db.tenant(actorFor(organisationId), async (tx) => {
      const rows = await tx.query<DeliveryRow>(
        `SELECT d.id, d.status, d.attempts, d.event_id, d.body, d.next_attempt_at, w.url, w.secret, (w.active AND w.deleted_at IS NULL) AS usable
           FROM webhook_deliveries d JOIN webhooks w ON w.organisation_id = d.organisation_id AND w.id = d.webhook_id
          WHERE d.organisation_id = $1 AND d.id = $2`,
        [organisationId, deliveryId],
      );
      return rows[0] ?? null;
    });
    if (!row || row.status === 'succeeded' || row.status === 'dead') return null;
    if (row.attempts >= attempt) return this.followUp(row);
    if (!row.usable) {
      await this.db.tenant(actorFor(organisationId), (tx) =>
        tx.query(`UPDATE webhook_deliveries SET status = 'dead', last_error = 'the subscription is inactive or deleted', next_attempt_at = NULL, updated_at = now() WHERE organisation_id = $1 AND id = $2`, [organisationId, deliveryId]),
      );
      return null;
    }

    // The HTTP call happens outside any transaction: a slow receiver must not hold a connection.
    const timestamp = Math.floor(Date.now() / 1000);
    const startedAt = new Date();
    const result = await sendWebhook(
      row.url,
      { 'webhook-id': row.event_id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(row.secret, row.event_id, timestamp, row.body) },
      row.body,
      this.config.webhookAllowPrivateTargets,
    );
    const durationMs = Date.now() - startedAt.getTime();

    return this.db.tenant(actorFor(organisationId), async (tx) => {
      const current = await tx.query<{ attempts: number; webhook_id: string }>(`SELECT attempts, webhook_id FROM webhook_deliveries WHERE organisation_id = $1 AND id = $2 FOR UPDATE`, [organisationId, deliveryId]);
      if (current[0]?.attempts !== attempt - 1) return null; // someone else recorded this attempt meanwhile
      const dead = !result.ok && attempt >= MAX_DELIVERY_ATTEMPTS;
      const next = result.ok || dead ? null : { attempt: attempt + 1, delayMs: retryDelayMs(this.config.webhookRetryBaseMs, attempt) };
      await tx.query(
        `INSERT INTO webhook_attempts (organisation_id, delivery_id, attempt, started_at, duration_ms, status_code, response_snippet, error, succeeded)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [organisationId, deliveryId, attempt, startedAt, durationMs, result.statusCode, result.snippet, result.error, result.ok],
      );
      await tx.query(
        `UPDATE webhook_deliveries
            SET attempts = $3, status = $4::varchar, last_status_code = $5, last_response_snippet = $6, last_error = $7,
                next_attempt_at = CASE WHEN $8::int IS NULL THEN NULL ELSE now() + make_interval(secs => $8::int / 1000.0) END,
                delivered_at = CASE WHEN $4::varchar = 'succeeded' THEN now() ELSE NULL END, updated_at = now()
          WHERE organisation_id = $1 AND id = $2`,
        [organisationId, deliveryId, attempt, result.ok ? 'succeeded' : dead ? 'dead' : 'failed', result.statusCode, result.snippet, result.error, next ? next.delayMs : null],
      );
      if (result.ok) {
        await tx.query(`UPDATE webhooks SET consecutive_failures = 0, last_success_at = now() WHERE organisation_id = $1 AND id = $2`, [organisationId, current[0].webhook_id]);
      } else if (dead) {
        await this.recordDead(tx, current[0].webhook_id);
      }
      return next;
    });
  }

  /** A dead delivery counts against its subscription; enough in a row switch it off. */
  private async recordDead(tx: TenantTx, webhookId: string): Promise<void> {
    const reason = `switched off after ${AUTO_DISABLE_AFTER_DEAD} failed deliveries in a row`;
    const rows = await tx.query<{ active: boolean; consecutive_failures: number }>(
      // Wrapped in a CTE because TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
      `WITH updated AS (UPDATE webhooks
          SET consecutive_failures = consecutive_failures + 1, total_failures = total_failures + 1, last_failure_at = now(),
              active = CASE WHEN consecutive_failures + 1 >= $3 THEN false ELSE active END,
              disabled_reason = CASE WHEN consecutive_failures + 1 >= $3 AND active THEN $4 ELSE disabled_reason END,
              version = CASE WHEN consecutive_failures + 1 >= $3 AND active THEN version + 1 ELSE version END
        WHERE organisation_id = $1 AND id = $2
        RETURNING active, consecutive_failures) SELECT * FROM updated`,
      [tx.organisationId, webhookId, AUTO_DISABLE_AFTER_DEAD, reason],
    );
    if (rows[0] && !rows[0].active && rows[0].consecutive_failures === AUTO_DISABLE_AFTER_DEAD) {
      await tx.audit({ action: 'webhook.disabled', entityType: 'webhook', entityId: webhookId, before: { active: true }, after: { active: false, disabledReason: reason } });
      this.logger.warn({ msg: 'webhook switched off after repeated dead deliveries', webhookId, organisationId: tx.organisationId });
    }
  }

  /**
   * Deliveries whose next attempt is long overdue: their follow-up job never reached Redis (it was
   * down when the previous attempt finished). The sweep enqueues them again under the same job id.
   */
  overdue(graceMs: number, limit = 500): Promise<{ organisation_id: string; id: string; attempts: number }[]> {
    return this.db.system((manager) =>
      manager.query(
        `SELECT organisation_id, id, attempts FROM webhook_deliveries
          WHERE status IN ('pending', 'failed') AND next_attempt_at < now() - make_interval(secs => $1::int / 1000.0)
          ORDER BY next_attempt_at LIMIT $2`,
        [graceMs, limit],
      ),
    );
  }

  private followUp(row: DeliveryRow): NextAttempt | null {
    if (row.status !== 'failed') return null;
    const delayMs = row.next_attempt_at ? Math.max(0, row.next_attempt_at.getTime() - Date.now()) : 0;
    return { attempt: row.attempts + 1, delayMs };
  }
}
