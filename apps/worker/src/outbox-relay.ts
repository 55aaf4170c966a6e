import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, Db } from '@app/platform';
import { QueueRegistry } from './queue-registry';

const BATCH = 200;
const ADD_TIMEOUT_MS = 5000;

interface OutboxRow {
  seq: string;
  id: string;
  organisation_id: string | null;
  queue: string;
  job_name: string;
  payload: Record<string, unknown>;
}

/**
 * Moves outbox rows to Bull. Rows are claimed with SKIP LOCKED so several workers share the work,
 * and the job id is the row id, so a row re-sent after a crash is ignored by Bull.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then((count) => this.schedule(count === BATCH ? 0 : this.config.outboxPollMs))
        .catch((error: Error) => {
          this.logger.warn({ msg: 'outbox relay failed; will retry', error: error.message });
          this.schedule(this.config.outboxPollMs * 4);
        });
    }, delay);
  }

  /** Dispatches one batch; returns how many rows it moved. */
  async relayOnce(): Promise<number> {
    return this.db.system(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT seq, id, organisation_id, queue, job_name, payload FROM outbox_events
          WHERE dispatched_at IS NULL ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      for (const row of rows) {
        const queue = this.queues.get(row.queue);
        const add = queue.add(row.job_name, { ...row.payload, organisationId: row.organisation_id, outboxId: row.id }, { jobId: row.id });
        await Promise.race([add, new Promise((_, reject) => setTimeout(() => reject(new Error('Redis did not accept the job in time')), ADD_TIMEOUT_MS).unref())]);
      }
      await manager.query(`UPDATE outbox_events SET dispatched_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      return rows.length;
    });
  }
}
