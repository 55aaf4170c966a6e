import { randomUUID } from 'node:crypto';
import type { TenantTx } from '../database/tenant-tx';
import { JOBS } from '../queue/queues';

/**
 * Every domain event an area may emit, and so every event a webhook may subscribe to. Add new
 * types here (dotted `<entity>.<past-tense verb>`); subscriptions are validated against this list.
 */
export const DOMAIN_EVENT_TYPES = [
  'flag.raised',
  'flag.resolved',
  'status_report.submitted',
  'status_report.approved',
  'status_report.returned',
  'rating.changed',
  'spend_import.completed',
  'action.assigned',
  'action.overdue',
  'action.done',
  'risk.raised',
  'risk.changed',
  'decision.recorded',
  'flag.accepted',
  'flag.acceptance_lapsed',
  'milestone.rebaselined',
  'milestone.achieved',
] as const;

export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export const isDomainEventType = (value: unknown): value is DomainEventType => typeof value === 'string' && (DOMAIN_EVENT_TYPES as readonly string[]).includes(value);

/** What the outbox carries to the webhook fan-out job (the relay adds organisationId and outboxId). */
export interface DomainEventPayload {
  eventId: string;
  type: DomainEventType;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * Records that something happened, for webhook subscribers, in the caller's own transaction: the
 * event is delivered if and only if the change commits. Call it beside `tx.audit(...)`:
 *
 *   await this.db.tenant(actor, async (tx) => {
 *     ...write the flag...
 *     await emitEvent(tx, 'flag.raised', { flagId, projectId, rule, severity });
 *   });
 *
 * `data` is what subscribers receive as the body's `data`: a small JSON object of ids and the
 * values a receiver acts on (camelCase, money as decimal strings), never secrets. The worker fans
 * it out to the organisation's subscriptions for `type`; with none, it is dropped there.
 */
export async function emitEvent(tx: TenantTx, type: DomainEventType, data: Record<string, unknown>): Promise<string> {
  if (!isDomainEventType(type)) throw new Error(`unknown domain event type ${String(type)}`);
  const payload: DomainEventPayload = { eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data };
  await tx.outbox({ queue: JOBS.webhookFanOut.queue, jobName: JOBS.webhookFanOut.name, payload: payload as unknown as Record<string, unknown> });
  return payload.eventId;
}

/**
 * emitEvent for set-based statements: an INSERT that writes one outbox row per row of `from`
 * (a CTE or table alias `x`) passing `where`, with the same payload emitEvent writes. `data` is a
 * SQL jsonb expression over `x`.
 */
export function emitEventsSql(type: DomainEventType, from: string, data: string, where = 'TRUE'): string {
  if (!isDomainEventType(type)) throw new Error(`unknown domain event type ${String(type)}`);
  return `
  INSERT INTO outbox_events (organisation_id, queue, job_name, payload)
  SELECT x.organisation_id, '${JOBS.webhookFanOut.queue}', '${JOBS.webhookFanOut.name}',
         jsonb_build_object('eventId', gen_random_uuid(), 'type', '${type}', 'occurredAt', now(), 'data', ${data})
    FROM ${from} x
   WHERE ${where}`;
}
