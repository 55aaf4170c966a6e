import 'reflect-metadata';
import { runStandalone } from './harness/standalone';
import { readsLine } from './lines/reads';
import { spendLine } from './lines/spend';

/**
 * npm run bench:requests: the request-throughput lines alone (GET /v1/projects/{id} against the
 * bare route, POST /v1/spend) over the scale database, with the real api and worker.
 */
runStandalone('requests', async (ctx, procs) => {
  const seconds = Number(process.env.BENCH_SECONDS ?? 15);
  return [await readsLine(ctx, procs.base, seconds), await spendLine(ctx, procs.base, seconds)];
});
