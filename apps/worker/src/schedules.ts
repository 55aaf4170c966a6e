import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, JOBS } from '@app/platform';
import { QueueRegistry } from './queue-registry';

export interface Schedule {
  queue: string;
  name: string;
  every?: number;
  cron?: string;
}

/**
 * Repeatable jobs, reconciled at boot: a schedule whose timing changed is removed before the new
 * one is added (Bull would otherwise run both). A fixed job id gives every worker the same repeat
 * key, so N workers schedule each job once.
 */
@Injectable()
export class ScheduleReconciler implements OnApplicationBootstrap {
  private readonly logger = new Logger('schedules');

  constructor(
    private readonly queues: QueueRegistry,
    private readonly config: AppConfig,
  ) {}

  desired(): Schedule[] {
    return [
      { ...JOBS.heartbeat, every: this.config.heartbeatEveryMs },
      { ...JOBS.pruneIdempotencyKeys, cron: '17 3 * * *' },
      { ...JOBS.spendPartitions, cron: '41 2 * * *' },
      { ...JOBS.scheduledGovernanceScan, cron: this.config.governanceScanCron },
      { ...JOBS.webhookSweep, every: 60_000 },
      { ...JOBS.emailSend, every: this.config.emailPollMs },
      { ...JOBS.emailDigest, cron: this.config.emailDigestCron },
      { ...JOBS.reminders, cron: this.config.remindersCron },
      { ...JOBS.computeBenchmarks, cron: this.config.benchmarkCron },
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of this.desired()) await this.reconcile(schedule);
  }

  async reconcile(schedule: Schedule): Promise<void> {
    const queue = this.queues.get(schedule.queue);
    const existing = await queue.getRepeatableJobs();
    for (const job of existing.filter((j) => j.name === schedule.name)) {
      const same = (schedule.every !== undefined && Number(job.every) === schedule.every) || (schedule.cron !== undefined && job.cron === schedule.cron);
      if (!same) {
        await queue.removeRepeatableByKey(job.key);
        this.logger.log({ msg: 'replaced schedule', job: schedule.name, old: job.every ?? job.cron });
      }
    }
    const repeat = schedule.every !== undefined ? { every: schedule.every } : { cron: schedule.cron as string };
    await queue.add(schedule.name, {}, { repeat, jobId: schedule.name, removeOnComplete: 100, removeOnFail: 100 });
  }
}
