import { Module } from '@nestjs/common';

/** Finance jobs (spend imports). Register the queues this module's processors use here. */
@Module({ imports: [], providers: [] })
export class FinanceWorkerModule {}
