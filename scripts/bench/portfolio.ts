import 'reflect-metadata';
import { memoryMiB } from './harness/processes';
import { BenchLine } from './harness/report';
import { runStandalone } from './harness/standalone';
import { ensureReadModel, freshnessLine, notModifiedLine, portfolioLine } from './lines/portfolio';

/**
 * npm run bench:portfolio: the portfolio lines alone (the read, the 304, a write's freshness, the
 * api's memory across them) over the scale database, with the real api and worker.
 */
runStandalone('portfolio', async (ctx, procs) => {
  const lines: BenchLine[] = [];
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
  return lines;
});
