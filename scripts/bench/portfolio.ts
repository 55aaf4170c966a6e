import 'reflect-metadata';
import { Redis } from 'ioredis';
import { openBench } from './harness/context';
import { memoryMiB, startApiAndWorker } from './harness/processes';
import { BenchLine, describeMachine, machineLine, table, writeResults } from './harness/report';
import { ensureReadModel, freshnessLine, notModifiedLine, portfolioLine } from './lines/portfolio';

/**
 * npm run bench:portfolio: the portfolio lines alone (the read, the 304, a write's freshness, the
 * api's memory across them) over the scale database, with the real api and worker.
 */
async function main(): Promise<void> {
  const ctx = await openBench();
  try {
    const machine = await describeMachine(ctx.owner, ctx.config.redisUrl);
    const procs = await startApiAndWorker(ctx.processEnv);
    const lines: BenchLine[] = [];
    try {
      await ensureReadModel(ctx, procs.base);
      const pid = procs.api.pid as number;
      lines.push(await portfolioLine(ctx, procs.base));
      const warm = memoryMiB(pid);
      lines.push(await notModifiedLine(ctx, procs.base));
      lines.push(await freshnessLine(ctx, procs.base));
      lines.push(await portfolioLine(ctx, procs.base));
      await new Promise((r) => setTimeout(r, 10_000));
      const after = memoryMiB(pid);
      lines.push({
        what: 'api memory after the portfolio lines (RSS)', figure: after.rss, unit: 'MiB', reference: warm.rss, referenceWhat: 'after warm-up (the first portfolio line)',
        ratio: warm.rss / after.rss, target: 'growth < 100 MB', pass: (after.rss - warm.rss) * 1.048576 < 100, notes: `grew ${after.rss - warm.rss} MiB; peak ${after.peak} MiB`,
      });
    } finally {
      await procs.stop();
      const redis = new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1 });
      const keys = await redis.keys(`${ctx.processEnv.QUEUE_PREFIX}:*`).catch(() => []);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    const markdown = table(lines);
    console.log(`\n${markdown}\n\nMachine: ${machineLine(machine)}\n`);
    console.log(`[bench:portfolio] results written to ${writeResults('portfolio', { at: new Date().toISOString(), machine, dataset: ctx.seed, lines, markdown })}`);
    if (lines.some((l) => l.pass === false)) process.exitCode = 1;
  } finally {
    await ctx.close();
  }
}

main().catch((error: Error) => {
  console.error(`[bench:portfolio] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
