import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { printable, SpendImportRunner, SpendImportUndoRunner } from '@app/finance';
import { Actor, JOBS, QUEUES } from '@app/platform';

interface SpendImportJob {
  importId?: unknown;
  organisationId?: unknown;
}

/**
 * A failure that will happen again however often it is retried: the database refused the data
 * itself (SQLSTATE class 22 data exception, 23 integrity, 42 syntax or access, 0A unsupported).
 * Connection loss, deadlocks, serialisation failures and anything else are retried.
 */
export function isDeterministic(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^(22|23|42|0A)[0-9A-Z]{3}$/.test(code);
}

const systemActor = (organisationId: string): Actor => ({ organisationId, tokenId: null, name: 'spend import', scopes: [], requestId: null });

/** Runs spend imports and their undos, queued through the outbox. Both runners are safe to repeat. */
@Processor(QUEUES.imports)
export class SpendImportProcessor {
  private readonly logger = new Logger('spend-import');

  constructor(
    private readonly runner: SpendImportRunner,
    private readonly undoRunner: SpendImportUndoRunner,
  ) {}

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
      const deterministic = isDeterministic(error);
      const lastAttempt = deterministic || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ msg: 'spend import attempt failed', importId, attempt: job.attemptsMade + 1, lastAttempt, deterministic, error: printable((error as Error).message) });
      if (lastAttempt) {
        const reason = deterministic ? `the file's content was refused by the database: ${(error as Error).message}` : `the import could not be processed after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`;
        await this.runner.markFailed(systemActor(organisationId), importId, reason, { processed: 0, rejected: 0, rejects: [] });
      }
      // Failed for good: finish the job so Bull does not retry what cannot succeed.
      if (deterministic) return 'failed';
      throw error;
    }
  }

  @Process({ name: JOBS.spendImportUndo.name, concurrency: 1 })
  async undo(job: Job<SpendImportJob>): Promise<string> {
    const { importId, organisationId } = job.data;
    if (typeof importId !== 'string' || typeof organisationId !== 'string') return 'skipped: bad payload';
    const outcome = await this.undoRunner.run(importId, organisationId);
    this.logger.log({ msg: 'spend import undo finished', importId, outcome });
    return outcome;
  }
}
