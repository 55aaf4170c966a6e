import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { SpendPartitionsService } from '@app/finance';
import { JOBS, QUEUES } from '@app/platform';

/** The daily job that keeps the spend ledger's yearly partitions ahead of the calendar. */
@Processor(QUEUES.maintenance)
export class SpendPartitionsProcessor {
  private readonly logger = new Logger('spend-partitions');

  constructor(private readonly partitions: SpendPartitionsService) {}

  @Process(JOBS.spendPartitions.name)
  async run(): Promise<string> {
    const { created, through } = await this.partitions.ensureAhead();
    if (created > 0) this.logger.log({ msg: 'made spend partitions', created, through });
    return `${created} made, through ${through}`;
  }
}
