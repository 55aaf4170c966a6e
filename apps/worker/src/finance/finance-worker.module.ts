import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { FinanceModule } from '@app/finance';
import { QUEUES } from '@app/platform';
import { SpendImportProcessor } from './spend-import.processor';
import { SpendPartitionsProcessor } from './spend-partitions.processor';

/** Finance jobs (spend imports, the ledger's partitions). Register the queues this module's processors use here. */
@Module({ imports: [FinanceModule, BullModule.registerQueue({ name: QUEUES.imports }, { name: QUEUES.maintenance })], providers: [SpendImportProcessor, SpendPartitionsProcessor] })
export class FinanceWorkerModule {}
