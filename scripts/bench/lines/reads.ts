import { BenchContext } from '../harness/context';
import { hammer } from '../harness/load';
import { BenchLine } from '../harness/report';

/**
 * GET /v1/projects/{id} (token lookup, tenant transaction, one row) against the bare route in the
 * same app (token lookup and guard, no query of its own), both with 32 connections.
 */
export async function readsLine(ctx: BenchContext, base: string, seconds: number): Promise<BenchLine> {
  const bare = await hammer(base, ctx.token, () => ({ path: '/v1/bench/constant' }), { connections: 32, seconds, warmupSeconds: 3 });
  let i = 0;
  const ids = ctx.projectIds;
  const project = await hammer(base, ctx.token, () => ({ path: `/v1/projects/${ids[i++ % ids.length]}` }), { connections: 32, seconds, warmupSeconds: 3 });
  const ratio = project.requestsPerSecond / bare.requestsPerSecond;
  const clean = project.non2xx === 0 && project.errors === 0 && bare.non2xx === 0;
  return {
    what: 'GET /v1/projects/{id}, 32 connections',
    figure: project.requestsPerSecond,
    unit: 'req/s',
    reference: bare.requestsPerSecond,
    referenceWhat: 'bare route, same app and guard',
    ratio,
    target: '>= 60% of the bare route',
    pass: clean && ratio >= 0.6,
    notes: clean ? undefined : `errors: project ${JSON.stringify(project.statusCodes)}, bare ${JSON.stringify(bare.statusCodes)}`,
    details: { project, bare },
  };
}
