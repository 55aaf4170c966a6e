import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { hostname } from 'node:os';
import { Db, JOBS, QUEUES } from '@app/platform';

export const WORKER_ID = `${hostname()}:${process.pid}`;

@Processor(QUEUES.maintenance)
export class MaintenanceProcessor {
  constructor(private readonly db: Db) {}

  /** Records that a worker ran; readiness shows its age, and tests count runs per interval. */
  @Process(JOBS.heartbeat.name)
  async heartbeat(job: Job): Promise<void> {
    const scheduledFor = new Date(job.timestamp + (job.opts.delay ?? 0));
    await this.db.dataSource.query(`INSERT INTO worker_heartbeats (job_id, worker_id, scheduled_for) VALUES ($1, $2, $3)`, [String(job.id), WORKER_ID, scheduledFor]);
    await this.db.dataSource.query(`DELETE FROM worker_heartbeats WHERE ran_at < now() - interval '7 days'`);
  }

  /** Idempotency keys are promised for at least 7 days; older ones are dropped nightly. */
  @Process(JOBS.pruneIdempotencyKeys.name)
  async pruneIdempotencyKeys(): Promise<void> {
    await this.db.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '8 days'`);
  }
}
