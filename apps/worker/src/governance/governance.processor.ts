import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JOBS, QUEUES } from '@app/platform';
import { ScanService } from '@app/governance';

@Processor(QUEUES.governance)
export class GovernanceProcessor {
  constructor(private readonly scans: ScanService) {}

  /** An on-demand scan recorded by the api (the job comes from the outbox). */
  @Process(JOBS.governanceScan.name)
  async scan(job: Job<{ scanId?: string }>): Promise<void> {
    if (!job.data.scanId) {
      await job.discard();
      throw new Error('scan job without a scanId; discarded');
    }
    await this.scans.run(job.data.scanId);
  }

  /** The repeatable nightly scan over every organisation. */
  @Process(JOBS.scheduledGovernanceScan.name)
  async scheduled(): Promise<void> {
    await this.scans.runScheduled();
  }
}
