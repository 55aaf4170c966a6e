import { Client } from 'pg';
import { CONTEXT, OPTIMISM_GAP_SQL, RATING_CTE, RULE_CODES, RULE_SQL, RuleCode } from '@app/governance';
import { JOBS } from '@app/platform';
import { BenchContext } from '../harness/context';
import { until } from '../harness/processes';
import { BenchLine } from '../harness/report';

const BASE_RULES = RULE_CODES.filter((r) => r !== 'optimism_gap') as Exclude<RuleCode, 'optimism_gap'>[];

interface ScanRow {
  status: string;
  seconds: number | null;
  projects_scanned: number;
  raised: number;
  refreshed: number;
  resolved: number;
  error: string | null;
}

/**
 * A full governance scan over every organisation, run by the real worker: a scan row and its
 * outbox job are written as the api would, the relay hands it to Bull, and the worker runs
 * ScanService; the figure is the worker's own start-to-finish time.
 */
async function scanThroughWorker(ctx: BenchContext): Promise<ScanRow & { endToEndSeconds: number }> {
  const started = Date.now();
  const [{ id }] = (await ctx.owner.query<{ id: string }>(`INSERT INTO governance_scans (organisation_id, trigger, status, requested_by) VALUES (NULL, 'schedule', 'queued', 'benchmark') RETURNING id`)).rows;
  await ctx.owner.query(`INSERT INTO outbox_events (organisation_id, queue, job_name, payload) VALUES (NULL, $1, $2, $3)`, [JOBS.governanceScan.queue, JOBS.governanceScan.name, JSON.stringify({ scanId: id })]);
  const row = await until(async () => {
    const [scan] = (await ctx.owner.query<ScanRow>(
      `SELECT status, extract(epoch FROM finished_at - started_at)::float8 AS seconds, projects_scanned, raised, refreshed, resolved, error FROM governance_scans WHERE id = $1`,
      [id],
    )).rows;
    if (scan.status === 'failed') throw Object.assign(new Error(`the scan failed: ${scan.error}`), { scan });
    return scan.status === 'completed' ? scan : null;
  }, 15 * 60_000, 250).catch((error) => {
    if ((error as { scan?: unknown }).scan) throw error;
    throw new Error(`the scan did not finish: ${(error as Error).message}`);
  });
  return { ...row, endToEndSeconds: (Date.now() - started) / 1000 };
}

/**
 * The same rule queries bare, as the worker's role, in a transaction that is rolled back: every
 * rule's violations (what ScanService inserts into scan_violations), the evidence ratings, and the
 * optimism gap. No flag is written, which is the part the scan adds.
 */
export async function bareRuleQueries(ctx: BenchContext): Promise<{ seconds: number; violations: number; ratings: number }> {
  const db = new Client({ connectionString: ctx.workerUrl, application_name: 'bench-bare-scan' });
  await db.connect();
  try {
    const params = [null, new Date().toISOString().slice(0, 10), null];
    const started = process.hrtime.bigint();
    await db.query('BEGIN');
    const [{ n: violations }] = (await db.query(`${CONTEXT} SELECT count(*)::int AS n FROM (${BASE_RULES.map((code) => RULE_SQL[code]).join('\nUNION ALL\n')}) v`, params)).rows;
    const [{ n: ratings }] = (await db.query(`${CONTEXT}, ${RATING_CTE} SELECT count(*)::int AS n FROM ratings`, params)).rows;
    await db.query(`${CONTEXT}, ${RATING_CTE} SELECT count(*) FROM (${OPTIMISM_GAP_SQL}) g`, params);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await db.query('ROLLBACK');
    return { seconds, violations, ratings };
  } finally {
    await db.end();
  }
}

export async function scanLine(ctx: BenchContext): Promise<BenchLine> {
  const bare = await bareRuleQueries(ctx);
  const scan = await scanThroughWorker(ctx);
  const seconds = scan.seconds ?? scan.endToEndSeconds;
  const ratio = bare.seconds / seconds;
  return {
    what: `governance scan, all ${scan.projects_scanned.toLocaleString('en-GB')} active projects (worker)`,
    figure: seconds,
    unit: 's',
    reference: bare.seconds,
    referenceWhat: 'the same rule queries, bare',
    ratio,
    target: '< 10 s and within 2x',
    pass: seconds < 10 && seconds <= 2 * bare.seconds,
    notes: `${(seconds / bare.seconds).toFixed(2)}x bare; ${scan.raised} raised, ${scan.refreshed} refreshed, ${scan.resolved} resolved; ${scan.endToEndSeconds.toFixed(1)} s end to end`,
    details: { scan, bare },
  };
}
