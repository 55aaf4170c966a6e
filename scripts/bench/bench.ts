import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openBench } from './harness/context';
import { clearQueues } from './harness/standalone';
import { memoryMiB, startApiAndWorker } from './harness/processes';
import { BenchLine, describeMachine, machineLine, table, writeResults } from './harness/report';
import { importLine, rlsLine } from './lines/external';
import { ensureReadModel, freshnessLine, notModifiedLine, portfolioLine } from './lines/portfolio';
import { readsLine } from './lines/reads';
import { scanLine } from './lines/scan';
import { spendLine } from './lines/spend';
import { benchmarksLine } from './lines/benchmarks';

/**
 * npm run bench [-- --seconds 15] [--import-rows 1000000] [--skip-import] [--database kpi_tracker_scale]
 *
 * Every benchmark of the product against the scale database (npm run seed:scale), with the real api
 * and worker processes started from the build on 127.0.0.1. Each line is measured beside its
 * reference in the same run and printed as one table; the same goes to test/bench/results/.
 * Not part of npm test: timings belong here, never in assertions.
 */
const log = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { seconds: { type: 'string' }, 'import-rows': { type: 'string' }, 'skip-import': { type: 'boolean' }, database: { type: 'string' } },
  });
  const seconds = Number(values.seconds ?? 15);
  const importRows = Number(values['import-rows'] ?? 1_000_000);
  const ctx = await openBench(values.database);
  const machine = await describeMachine(ctx.owner, ctx.config.redisUrl);
  log(`machine: ${machineLine(machine)}`);
  log(`dataset: ${ctx.database}, seed ${ctx.seed.seed} as of ${ctx.seed.asOf}: ${ctx.seed.organisations} organisations, ${ctx.seed.projects.toLocaleString('en-GB')} projects, ${ctx.seed.spendEntries.toLocaleString('en-GB')} spend entries`);
  const lines: BenchLine[] = [];
  /** A line that throws is reported as failed with its error; the others still run. */
  const attempt = async (what: string, target: string, measure: () => Promise<BenchLine>): Promise<BenchLine> => {
    try {
      return await measure();
    } catch (error) {
      return { what, figure: null, unit: '', reference: null, referenceWhat: 'n/a', ratio: null, target, pass: false, notes: `failed: ${(error as Error).message}` };
    }
  };
  const record = (line: BenchLine) => {
    lines.push(line);
    log(`${line.what}: ${line.figure === null ? 'n/a' : line.figure.toFixed(1)} ${line.unit} vs ${line.reference === null ? 'n/a' : line.reference.toFixed(1)}; ${line.pass === null ? (line.figure === null ? 'not run' : 'info') : line.pass ? 'pass' : 'FAIL'}${line.notes ? ` (${line.notes})` : ''}`);
  };
  try {
    const procs = await startApiAndWorker(ctx.processEnv);
    try {
      const apiPid = procs.api.pid as number;
      const atStart = memoryMiB(apiPid);
      log(`api and worker up at ${procs.base}; api RSS ${atStart.rss} MiB`);
      // The scan first: the portfolio then reads the flags and ratings it leaves, as a board would the morning after.
      record(await attempt('governance scan, all projects', '< 5 s and within 1.5x', () => scanLine(ctx)));
      record(await attempt('GET /v1/projects/{id}', '>= 60% of the bare route', () => readsLine(ctx, procs.base, seconds)));
      await ensureReadModel(ctx, procs.base);
      record(await attempt('GET /v1/portfolio, largest organisation, p95', 'p95 < 100 ms and within 1.5x of the bare read', () => portfolioLine(ctx, procs.base)));
      // Memory is judged from here: the first portfolio answers have warmed the api up.
      const warm = memoryMiB(apiPid);
      log(`api RSS after warm-up ${warm.rss} MiB`);
      record(await attempt('GET /v1/portfolio with If-None-Match', '304, p95 < 10 ms', () => notModifiedLine(ctx, procs.base)));
      record(await attempt('a spend POST, then the portfolio shows it', 'p95 < 5 s', () => freshnessLine(ctx, procs.base)));
      record(await attempt('POST /v1/spend', '>= 200 req/s, p99 < 300 ms', () => spendLine(ctx, procs.base, seconds)));
      record(await attempt('nightly benchmark job, every organisation', '< 30 s and within 2x', () => benchmarksLine(ctx)));
      // Both readings idle: at start before any request, and after the load once in-flight work and
      // V8's idle collection have settled (the reading straight after the load is in the notes).
      const straightAfter = memoryMiB(apiPid);
      await new Promise((r) => setTimeout(r, 10_000));
      const after = memoryMiB(apiPid);
      const growth = after.rss - warm.rss;
      record({
        what: 'api memory after the whole benchmark (RSS)',
        figure: after.rss,
        unit: 'MiB',
        reference: warm.rss,
        referenceWhat: 'after warm-up',
        ratio: warm.rss / after.rss,
        target: 'growth < 100 MB',
        pass: growth * 1.048576 < 100,
        notes: `grew ${growth} MiB (idle 10 s after the load); ${atStart.rss} MiB at start; ${straightAfter.rss} MiB straight after; peak ${after.peak} MiB`,
        details: { atStart, warm, straightAfter, after },
      });
    } finally {
      await procs.stop();
      await clearQueues(ctx.config.redisUrl, ctx.processEnv.QUEUE_PREFIX).catch(() => undefined);
    }
    record(values['skip-import'] ? { what: 'CSV import', figure: null, unit: 'rows/s', reference: null, referenceWhat: 'raw COPY', ratio: null, target: '>= 70% of raw COPY', pass: null, notes: 'skipped (--skip-import)' } : await importLine(importRows));
    record(await attempt('row-level security cost', 'reported', () => rlsLine({ appUrl: ctx.appUrl, workerUrl: ctx.workerUrl, organisationId: ctx.organisationId })));
  } finally {
    await ctx.close();
  }
  const markdown = table(lines);
  console.log(`\n${markdown}\n\nMachine: ${machineLine(machine)}\n`);
  const file = writeResults('bench', { at: new Date().toISOString(), machine, dataset: ctx.seed, seconds, lines, markdown });
  log(`results written to ${file}`);
  if (lines.some((l) => l.pass === false)) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`[bench] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
