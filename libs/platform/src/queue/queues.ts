import type { JobOptions } from 'bull';

/**
 * Every queue and job the worker knows, with its options, in one place. A job that can never
 * succeed (bad payload) is failed without retry by its processor; transient failures back off.
 */
export const QUEUES = {
  maintenance: 'maintenance',
  governance: 'governance',
  imports: 'imports',
  webhooks: 'webhooks',
  notifications: 'notifications',
  benchmarks: 'benchmarks',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  heartbeat: { queue: QUEUES.maintenance, name: 'heartbeat' },
  pruneIdempotencyKeys: { queue: QUEUES.maintenance, name: 'prune-idempotency-keys' },
  /** Daily: the spend ledger's yearly partitions, kept two years ahead. */
  spendPartitions: { queue: QUEUES.maintenance, name: 'spend-partitions' },
  spendImport: { queue: QUEUES.imports, name: 'spend-import' },
  spendImportUndo: { queue: QUEUES.imports, name: 'spend-import-undo' },
  governanceScan: { queue: QUEUES.governance, name: 'scan' },
  scheduledGovernanceScan: { queue: QUEUES.governance, name: 'scheduled-scan' },
  /** One organisation's part of the nightly scan (fanned out through the outbox). */
  governanceScanPart: { queue: QUEUES.governance, name: 'scan-part' },
  // Queued by the evidence triggers (migration 1763800010000) through the outbox.
  refreshEvidence: { queue: QUEUES.governance, name: 'refresh-evidence' },
  webhookFanOut: { queue: QUEUES.webhooks, name: 'webhook-fan-out' },
  webhookDeliver: { queue: QUEUES.webhooks, name: 'webhook-deliver' },
  webhookSweep: { queue: QUEUES.webhooks, name: 'webhook-sweep' },
  /** Sends due email from the notification outbox (repeatable; the table, not Redis, holds what is due). */
  emailSend: { queue: QUEUES.notifications, name: 'email-send' },
  /** Gathers digest-mode notifications into each person's weekly email. */
  emailDigest: { queue: QUEUES.notifications, name: 'email-digest' },
  /** Works out the day's reminders: reports due or late, actions due or overdue, flag acceptances about to end. */
  reminders: { queue: QUEUES.notifications, name: 'reminders' },
  /** Nightly: the anonymous benchmarks across the organisations that opted in. */
  computeBenchmarks: { queue: QUEUES.benchmarks, name: 'compute-benchmarks' },
} as const;

const DAY_SECONDS = 24 * 60 * 60;

export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  // Completed jobs are kept a day so that a re-sent outbox row (same job id) is ignored, not re-run.
  removeOnComplete: { age: DAY_SECONDS, count: 10_000 },
  removeOnFail: { age: 7 * DAY_SECONDS },
};
