import { Module } from '@nestjs/common';
import { BenchmarksModule } from '@app/benchmarks';
import { BenchmarksController } from './benchmarks.controller';

@Module({ imports: [BenchmarksModule], controllers: [BenchmarksController] })
export class BenchmarksHttpModule {}
