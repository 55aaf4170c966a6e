import 'reflect-metadata';
import { Redis } from 'ioredis';
import { openBench } from './harness/context';
import { startApiAndWorker } from './harness/processes';
import { describeMachine, machineLine, table, writeResults } from './harness/report';
import { benchmarksLine } from './lines/benchmarks';

/**
 * The nightly benchmark job alone, over the scale database, by the real worker, beside the bare
 * aggregate SQL in the same run (npm run bench runs it with everything else). Run after a build:
 * node <build>/scripts/bench/benchmarks.js, with BENCH_DATABASE naming the scale database.
 */
async function main(): Promise<void> {
  const ctx = await openBench();
  try {
    const machine = await describeMachine(ctx.owner, ctx.config.redisUrl);
    const procs = await startApiAndWorker(ctx.processEnv);
    let line;
    try {
      line = await benchmarksLine(ctx);
    } finally {
      await procs.stop();
      const redis = new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1 });
      const keys = await redis.keys(`${ctx.processEnv.QUEUE_PREFIX}:*`).catch(() => []);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    const markdown = table([line]);
    console.log(`\n${markdown}\n\nMachine: ${machineLine(machine)}\n`);
    console.log(`[bench:benchmarks] results written to ${writeResults('benchmarks', { at: new Date().toISOString(), machine, dataset: ctx.seed, lines: [line], markdown })}`);
    if (line.pass === false) process.exitCode = 1;
  } finally {
    await ctx.close();
  }
}

main().catch((error: Error) => {
  console.error(`[bench:benchmarks] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
