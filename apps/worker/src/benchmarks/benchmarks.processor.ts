import { Logger } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JOBS, QUEUES } from '@app/platform';
import { BenchmarksService } from '@app/benchmarks';

@Processor(QUEUES.benchmarks)
export class BenchmarksProcessor {
  private readonly logger = new Logger('benchmarks');

  constructor(private readonly benchmarks: BenchmarksService) {}

  /** The repeatable nightly run; running it twice only adds a second, identical run. */
  @Process(JOBS.computeBenchmarks.name)
  async compute(job: Job): Promise<void> {
    const result = await this.benchmarks.compute(new Date(job.timestamp + (job.opts.delay ?? 0)));
    this.logger.log({ msg: 'benchmarks computed', ...result });
  }
}
