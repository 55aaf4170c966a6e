import { getQueueToken, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { DomainEventPayload, isDomainEventType, JOBS, QUEUES } from '@app/platform';
import { WebhookDispatcher } from '@app/integrations';

interface FanOutData extends DomainEventPayload {
  organisationId: string | null;
  outboxId: string;
}

interface DeliverData {
  organisationId: string;
  deliveryId: string;
  attempt: number;
}

/** How late a delivery's next attempt may be before the sweep assumes its job was lost. */
export const SWEEP_GRACE_MS = 120_000;

/** The first attempt's job id is the delivery id (so a re-run fan-out enqueues it once); retries add the attempt. */
const deliverJobId = (deliveryId: string, attempt: number): string => (attempt === 1 ? deliveryId : `${deliveryId}:${attempt}`);

/**
 * Webhook fan-out (from the outbox, job id = outbox id) and delivery. Retries are scheduled by
 * re-enqueueing with a delay, one job per attempt, rather than by Bull's own attempts: the
 * delivery row, not Redis, says how many attempts were made, and the backoff has jitter.
 */
@Processor(QUEUES.webhooks)
@Injectable()
export class WebhooksProcessor {
  private readonly logger = new Logger('webhooks');
  private queueRef: Queue | null = null;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly moduleRef: ModuleRef,
  ) {}

  // The queue is registered once by the worker module; look it up rather than register a second client.
  private get queue(): Queue {
    this.queueRef ??= this.moduleRef.get<Queue>(getQueueToken(QUEUES.webhooks), { strict: false });
    return this.queueRef;
  }

  @Process({ name: JOBS.webhookFanOut.name, concurrency: 2 })
  async fanOut(job: Job<FanOutData>): Promise<{ deliveries: number }> {
    const { organisationId, eventId, type } = job.data;
    if (!organisationId || !eventId || !isDomainEventType(type)) {
      // A malformed event can never succeed: fail it once, do not retry.
      await job.discard();
      throw new Error(`malformed domain event in outbox row ${job.data.outboxId}`);
    }
    const ids = await this.dispatcher.fanOut(organisationId, job.data);
    for (const deliveryId of ids) await this.enqueue({ organisationId, deliveryId, attempt: 1 }, 0);
    return { deliveries: ids.length };
  }

  @Process({ name: JOBS.webhookDeliver.name, concurrency: 10 })
  async deliver(job: Job<DeliverData>): Promise<{ next: number | null }> {
    const { organisationId, deliveryId, attempt } = job.data;
    const next = await this.dispatcher.attempt(organisationId, deliveryId, attempt);
    // If this add fails, Bull retries this job; the attempt is already recorded, so only the follow-up is re-added.
    if (next) await this.enqueue({ organisationId, deliveryId, attempt: next.attempt }, next.delayMs);
    return { next: next?.attempt ?? null };
  }

  /** Re-enqueues deliveries whose follow-up never reached Redis; a job still queued under that id is left alone. */
  @Process(JOBS.webhookSweep.name)
  async sweep(): Promise<{ requeued: number }> {
    const overdue = await this.dispatcher.overdue(SWEEP_GRACE_MS);
    for (const row of overdue) await this.enqueue({ organisationId: row.organisation_id, deliveryId: row.id, attempt: row.attempts + 1 }, 0);
    if (overdue.length) this.logger.warn({ msg: 're-enqueued overdue webhook deliveries', count: overdue.length });
    return { requeued: overdue.length };
  }

  private async enqueue(data: DeliverData, delayMs: number): Promise<void> {
    await this.queue.add(JOBS.webhookDeliver.name, data, { jobId: deliverJobId(data.deliveryId, data.attempt), delay: delayMs, attempts: 5, backoff: { type: 'exponential', delay: 1000 } });
  }
}
