import { Redis } from 'ioredis';
import { BenchContext, openBench } from './context';
import { Started, startApiAndWorker } from './processes';
import { BenchLine, describeMachine, machineLine, table, writeResults } from './report';

/** Removes the queue keys a benchmark's worker left in Redis under its own prefix. */
export async function clearQueues(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * A benchmark of some lines on their own (npm run bench:scan, bench:portfolio and the like): the
 * real api and worker over the scale database, the lines measured beside their references, the
 * results written, and the worker's queue keys cleared afterwards. Exits non-zero when a line
 * misses its target.
 */
export function runStandalone(name: string, measure: (ctx: BenchContext, procs: Started) => Promise<BenchLine[]>): void {
  const main = async (): Promise<void> => {
    const ctx = await openBench();
    try {
      const machine = await describeMachine(ctx.owner, ctx.config.redisUrl);
      const procs = await startApiAndWorker(ctx.processEnv);
      let lines: BenchLine[];
      try {
        lines = await measure(ctx, procs);
      } finally {
        await procs.stop();
        await clearQueues(ctx.config.redisUrl, ctx.processEnv.QUEUE_PREFIX).catch(() => undefined);
      }
      const markdown = table(lines);
      console.log(`\n${markdown}\n\nMachine: ${machineLine(machine)}\n`);
      console.log(`[bench:${name}] results written to ${writeResults(name, { at: new Date().toISOString(), machine, dataset: ctx.seed, lines, markdown })}`);
      if (lines.some((l) => l.pass === false)) process.exitCode = 1;
    } finally {
      await ctx.close();
    }
  };
  main().catch((error: Error) => {
    console.error(`[bench:${name}] failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
