import 'reflect-metadata';
import { runStandalone } from './harness/standalone';
import { benchmarksLine } from './lines/benchmarks';

/**
 * The nightly benchmark job alone, over the scale database, by the real worker, beside the bare
 * aggregate SQL in the same run (npm run bench runs it with everything else). Run after a build:
 * node <build>/scripts/bench/benchmarks.js, with BENCH_DATABASE naming the scale database.
 */
runStandalone('benchmarks', async (ctx) => [await benchmarksLine(ctx)]);
