import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JOBS, QUEUES } from '@app/platform';
import { EvidenceRefresh, ScanService, ScheduledScans } from '@app/governance';

@Processor(QUEUES.governance)
export class GovernanceProcessor {
  constructor(
    private readonly scans: ScanService,
    private readonly scheduledScans: ScheduledScans,
    private readonly evidence: EvidenceRefresh,
  ) {}

  /** A write touched the organisation's projects: bring their evidence (and flags) up to date. */
  @Process(JOBS.refreshEvidence.name)
  async refreshEvidence(job: Job<{ organisationId?: string }>): Promise<void> {
    if (!job.data.organisationId) {
      await job.discard();
      throw new Error('refresh-evidence job without an organisationId; discarded');
    }
    await this.evidence.refreshOrganisation(job.data.organisationId);
  }

  /** An on-demand scan recorded by the api (the job comes from the outbox). */
  @Process(JOBS.governanceScan.name)
  async scan(job: Job<{ scanId?: string }>): Promise<void> {
    if (!job.data.scanId) {
      await job.discard();
      throw new Error('scan job without a scanId; discarded');
    }
    await this.scans.run(job.data.scanId);
  }

  /** The repeatable nightly scan: records one part per organisation and fans them out as jobs. */
  @Process(JOBS.scheduledGovernanceScan.name)
  async scheduled(job: Job): Promise<void> {
    await this.scheduledScans.fanOut(new Date(job.timestamp + (job.opts.delay ?? 0)));
  }

  /** One organisation's part of the nightly scan; any worker may take it, it runs once. */
  @Process(JOBS.governanceScanPart.name)
  async part(job: Job<{ scanId?: string; organisationId?: string }>): Promise<void> {
    if (!job.data.scanId || !job.data.organisationId) {
      await job.discard();
      throw new Error('scan part job without a scanId and organisationId; discarded');
    }
    await this.scheduledScans.runPart(job.data.scanId, job.data.organisationId);
  }
}
