import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { SpendImportRunner } from '@app/finance';
import { JOBS, QUEUES } from '@app/platform';

interface SpendImportJob {
  importId?: unknown;
  organisationId?: unknown;
}

/** Runs spend imports queued through the outbox. The runner is safe to repeat (a retry after a crash imports once). */
@Processor(QUEUES.imports)
export class SpendImportProcessor {
  private readonly logger = new Logger('spend-import');

  constructor(private readonly runner: SpendImportRunner) {}

  @Process({ name: JOBS.spendImport.name, concurrency: 1 })
  async process(job: Job<SpendImportJob>): Promise<string> {
    const { importId, organisationId } = job.data;
    // A payload that can never succeed is dropped, not retried.
    if (typeof importId !== 'string' || typeof organisationId !== 'string') return 'skipped: bad payload';
    try {
      const outcome = await this.runner.run(importId, organisationId);
      this.logger.log({ msg: 'spend import finished', importId, outcome });
      return outcome;
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ msg: 'spend import attempt failed', importId, attempt: job.attemptsMade + 1, lastAttempt, error: (error as Error).message });
      if (lastAttempt) {
        await this.runner.markFailed({ organisationId, tokenId: null, name: 'spend import', scopes: [], requestId: null }, importId, `the import could not be processed: ${(error as Error).message}`, { processed: 0, rejected: 0, errors: [] });
      }
      throw error;
    }
  }
}
