import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { FIGURES_SELECT_SQL } from '@app/benchmarks';
import { JOBS, todayInLondon } from '@app/platform';
import { BenchContext } from '../harness/context';
import { until } from '../harness/processes';
import { BenchLine } from '../harness/report';

/**
 * The nightly benchmark job over every organisation of the scale dataset (all opted in), run by the
 * real worker (outbox, relay, Bull, the job's one transaction), beside the bare aggregate SQL it
 * publishes from, run as the worker's role in the same run.
 */
export async function benchmarksLine(ctx: BenchContext): Promise<BenchLine> {
  // A dataset seeded before participation existed: opt everyone in, as seed:scale now does.
  await ctx.owner.query(`INSERT INTO benchmark_participants (organisation_id, opted_in) SELECT id, true FROM organisations ON CONFLICT DO NOTHING`);
  const organisations = (await ctx.owner.query<{ id: string }>(`SELECT organisation_id AS id FROM benchmark_participants WHERE opted_in ORDER BY 1`)).rows.map((r) => r.id);
  const minGroup = Math.max(3, ctx.config.benchmarkMinOrganisations);

  const bare = new Client({ connectionString: ctx.workerUrl, application_name: 'bench-bare-benchmarks' });
  await bare.connect();
  let bareSeconds: number;
  let figures: number;
  try {
    await bare.query('BEGIN READ ONLY');
    const started = process.hrtime.bigint();
    const { rows } = await bare.query(FIGURES_SELECT_SQL, [randomUUID(), todayInLondon(), organisations, minGroup]);
    bareSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    figures = rows.length;
    await bare.query('ROLLBACK');
  } finally {
    await bare.end();
  }

  const [{ before }] = (await ctx.owner.query<{ before: number }>(`SELECT count(*)::int AS before FROM benchmark_runs`)).rows;
  const started = Date.now();
  await ctx.owner.query(`INSERT INTO outbox_events (organisation_id, queue, job_name, payload) VALUES (NULL, $1, $2, '{}')`, [JOBS.computeBenchmarks.queue, JOBS.computeBenchmarks.name]);
  const run = await until(async () => {
    const [latest] = (await ctx.owner.query<{ n: number; organisations: number; published: number }>(
      `SELECT (SELECT count(*)::int FROM benchmark_runs) AS n, r.organisations, (SELECT count(*)::int FROM benchmark_figures f WHERE f.run_id = r.id) AS published
         FROM benchmark_runs r ORDER BY r.computed_at DESC LIMIT 1`,
    )).rows;
    return latest && latest.n > before ? latest : null;
  }, 10 * 60_000, 100);
  const seconds = (Date.now() - started) / 1000;
  const ratio = bareSeconds / seconds;
  return {
    what: `nightly benchmark job, ${organisations.length} organisations opted in (worker)`,
    figure: seconds,
    unit: 's',
    reference: bareSeconds,
    referenceWhat: 'the bare aggregate SQL, as the worker role',
    ratio,
    target: '< 30 s and within 2x',
    pass: seconds < 30 && seconds <= 2 * bareSeconds + 1,
    notes: `${run.published} figures published (bare: ${figures}) over ${run.organisations} organisations; the figure includes the outbox relay hand-off`,
    details: { organisations: organisations.length, bareSeconds, seconds, published: run.published },
  };
}
