import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/platform';
import { BenchmarksModule } from '@app/benchmarks';
import { BenchmarksProcessor } from './benchmarks.processor';

@Module({ imports: [BenchmarksModule, BullModule.registerQueue({ name: QUEUES.benchmarks })], providers: [BenchmarksProcessor] })
export class BenchmarksWorkerModule {}
