import { Client } from 'pg';
import { currentPeriod } from '@app/platform';
import { PORTFOLIO_EVIDENCE_SQL, PORTFOLIO_STRUCTURE_SQL } from '@app/reporting';
import { BenchContext } from '../harness/context';
import { timed } from '../harness/load';
import { BenchLine, percentile } from '../harness/report';

const RUNS = Number(process.env.BENCH_PORTFOLIO_RUNS ?? 30);
const previousPeriod = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * GET /v1/portfolio for the largest organisation, one request at a time, p95; against the SQL
 * behind it run bare on a pg connection as the application role (so row-level security applies
 * alike): the latest period, the structure, the evidence and the programme flags, in one
 * transaction bound to the organisation, exactly the statements the service sends.
 */
export async function portfolioLine(ctx: BenchContext, base: string): Promise<BenchLine> {
  const sizes = (await ctx.owner.query<{ programmes: number; projects: number }>(
    `SELECT (SELECT count(*) FROM programmes WHERE organisation_id = $1)::int AS programmes, (SELECT count(*) FROM projects WHERE organisation_id = $1)::int AS projects`,
    [ctx.organisationId],
  )).rows[0];
  let bytes = 0;
  const api = await timed(async () => {
    const response = await fetch(`${base}/v1/portfolio`, { headers: { authorization: `Bearer ${ctx.token}` } });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET /v1/portfolio answered ${response.status}: ${body.slice(0, 300)}`);
    bytes = body.length;
  }, RUNS, 3);

  const db = new Client({ connectionString: ctx.appUrl, application_name: 'bench-bare-portfolio' });
  await db.connect();
  try {
    const today = new Date().toISOString().slice(0, 10);
    const bare = await timed(async () => {
      await db.query('BEGIN');
      await db.query(`SELECT set_config('app.organisation_id', $1, true)`, [ctx.organisationId]);
      const [{ period }] = (await db.query(`SELECT max(period) AS period FROM status_reports WHERE organisation_id = $1`, [ctx.organisationId])).rows;
      const p = (period as string | null) ?? currentPeriod();
      await db.query(PORTFOLIO_STRUCTURE_SQL, [ctx.organisationId, p, previousPeriod(p), null]);
      await db.query(PORTFOLIO_EVIDENCE_SQL, [ctx.organisationId, today, null]);
      await db.query(
        `SELECT programme_id, count(*) FILTER (WHERE severity = 'critical')::int AS critical, count(*) FILTER (WHERE severity = 'warning')::int AS warning,
                count(*) FILTER (WHERE severity = 'info')::int AS info
           FROM flags WHERE organisation_id = $1 AND status <> 'resolved' AND project_id IS NULL GROUP BY programme_id`,
        [ctx.organisationId],
      );
      await db.query('COMMIT');
    }, RUNS, 3);
    const p95 = percentile(api, 95);
    const bareP95 = percentile(bare, 95);
    return {
      what: `GET /v1/portfolio, largest organisation (${sizes.programmes} programmes, ${sizes.projects.toLocaleString('en-GB')} projects), p95`,
      figure: p95,
      unit: 'ms',
      reference: bareP95,
      referenceWhat: 'the same SQL, bare',
      ratio: bareP95 / p95,
      target: 'p95 < 150 ms and within 3x of bare SQL',
      pass: p95 < 150 && p95 <= 3 * bareP95,
      notes: `${(p95 / bareP95).toFixed(2)}x bare; response ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
      details: { runs: RUNS, apiMs: { p50: percentile(api, 50), p95, max: Math.max(...api) }, bareMs: { p50: percentile(bare, 50), p95: bareP95, max: Math.max(...bare) }, responseBytes: bytes },
    };
  } finally {
    await db.end();
  }
}
