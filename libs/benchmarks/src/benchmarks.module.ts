import { Module } from '@nestjs/common';
import { BenchmarksService } from './benchmarks.service';

/** Anonymous benchmarks between organisations: opt-in, the nightly computation, the published figures. No HTTP here. */
@Module({ providers: [BenchmarksService], exports: [BenchmarksService] })
export class BenchmarksModule {}
