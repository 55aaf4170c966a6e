import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { FinanceModule } from '@app/finance';
import { QUEUES } from '@app/platform';
import { SpendImportProcessor } from './spend-import.processor';

/** Finance jobs (spend imports). Register the queues this module's processors use here. */
@Module({ imports: [FinanceModule, BullModule.registerQueue({ name: QUEUES.imports })], providers: [SpendImportProcessor] })
export class FinanceWorkerModule {}
