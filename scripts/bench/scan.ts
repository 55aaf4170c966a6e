import 'reflect-metadata';
import { Redis } from 'ioredis';
import { openBench } from './harness/context';
import { startApiAndWorker } from './harness/processes';
import { describeMachine, machineLine, table, writeResults } from './harness/report';
import { scanLine } from './lines/scan';

/**
 * npm run bench:scan: the governance scan alone, over the scale database, by the real worker,
 * beside the same rule queries run bare in the same run (see npm run bench for everything).
 */
async function main(): Promise<void> {
  const ctx = await openBench();
  try {
    const machine = await describeMachine(ctx.owner, ctx.config.redisUrl);
    const procs = await startApiAndWorker(ctx.processEnv);
    let line;
    try {
      line = await scanLine(ctx);
    } finally {
      await procs.stop();
      const redis = new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1 });
      const keys = await redis.keys(`${ctx.processEnv.QUEUE_PREFIX}:*`).catch(() => []);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    const markdown = table([line]);
    console.log(`\n${markdown}\n\nMachine: ${machineLine(machine)}\n`);
    console.log(`[bench:scan] results written to ${writeResults('scan', { at: new Date().toISOString(), machine, dataset: ctx.seed, lines: [line], markdown })}`);
    if (line.pass === false) process.exitCode = 1;
  } finally {
    await ctx.close();
  }
}

main().catch((error: Error) => {
  console.error(`[bench:scan] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
