import { Redis } from 'ioredis';
import { BenchContext, openBench } from './context';
import { startApiAndWorker } from './processes';
import { BenchLine, describeMachine, machineLine, table, writeResults } from './report';

/**
 * A benchmark of one line on its own (npm run bench:scan and the like): the real api and worker
 * over the scale database, the line measured beside its reference, the results written, and the
 * worker's queue keys cleared afterwards. Exits non-zero when the line misses its target.
 */
export function runOneLine(name: string, measure: (ctx: BenchContext) => Promise<BenchLine>): void {
  const main = async (): Promise<void> => {
    const ctx = await openBench();
    try {
      const machine = await describeMachine(ctx.owner, ctx.config.redisUrl);
      const procs = await startApiAndWorker(ctx.processEnv);
      let line: BenchLine;
      try {
        line = await measure(ctx);
      } finally {
        await procs.stop();
        const redis = new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1 });
        const keys = await redis.keys(`${ctx.processEnv.QUEUE_PREFIX}:*`).catch(() => []);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
      const markdown = table([line]);
      console.log(`\n${markdown}\n\nMachine: ${machineLine(machine)}\n`);
      console.log(`[bench:${name}] results written to ${writeResults(name, { at: new Date().toISOString(), machine, dataset: ctx.seed, lines: [line], markdown })}`);
      if (line.pass === false) process.exitCode = 1;
    } finally {
      await ctx.close();
    }
  };
  main().catch((error: Error) => {
    console.error(`[bench:${name}] failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
