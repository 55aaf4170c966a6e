import { Client } from 'pg';
import {
  canBeIncremental,
  DUE_PROJECTS_SQL,
  projectRowsSql,
  SCAN_BASIS_SQL,
  SCAN_CONTEXT_STATEMENTS,
  SCAN_FLAG_COUNT_STATEMENTS,
  SCAN_OPTIMISM_SQL,
  SCAN_RATINGS_STATEMENTS,
  SCAN_RULES_SQL,
  ScanBasis,
} from '@app/governance';
import { enqueueJobsSql, JOBS, todayInLondon } from '@app/platform';
import { BenchContext } from '../harness/context';
import { until } from '../harness/processes';
import { BenchLine } from '../harness/report';

interface ScanRow {
  status: string;
  seconds: number | null;
  projects_scanned: number;
  raised: number;
  refreshed: number;
  resolved: number;
  error: string | null;
  /** From its parts: how many organisations were scanned incrementally, and how many projects were re-judged. */
  incremental: number;
  full: number;
  projects_evaluated: number;
}

/**
 * The nightly governance scan over every organisation, run by the real worker as the schedule
 * runs it: the scan row and one part per organisation are written as ScheduledScans.fanOut writes
 * them, each part's job goes through the outbox, and the worker runs the parts (Bull stacks the
 * concurrency of the governance queue's four named handlers, so up to four parts at once); the
 * figure is from the scan's start to its last part.
 */
async function scanThroughWorker(ctx: BenchContext, dueAt: Date): Promise<ScanRow & { endToEndSeconds: number }> {
  const started = Date.now();
  // Due a day after the last one, as the next nightly scan.
  const [{ id }] = (await ctx.owner.query<{ id: string }>(
    `INSERT INTO governance_scans (organisation_id, trigger, status, requested_by, scheduled_for, started_at) VALUES (NULL, 'schedule', 'running', 'benchmark', $1, now()) RETURNING id`,
    [dueAt],
  )).rows;
  await ctx.owner.query(
    `WITH parts AS (
       INSERT INTO governance_scan_parts (scan_id, organisation_id) SELECT $1, o.id FROM organisations o
       RETURNING organisation_id, (SELECT count(*) FROM projects x WHERE x.organisation_id = governance_scan_parts.organisation_id AND x.status = 'active') AS active)
     ${enqueueJobsSql(JOBS.governanceScanPart, 'parts', `jsonb_build_object('scanId', $1::text, 'organisationId', x.organisation_id)`, 'x.active DESC')}`,
    [id],
  );
  const row = await until(async () => {
    const [scan] = (await ctx.owner.query<ScanRow>(
      `SELECT s.status, extract(epoch FROM s.finished_at - s.started_at)::float8 AS seconds, s.projects_scanned, s.raised, s.refreshed, s.resolved, s.error,
              count(*) FILTER (WHERE p.mode = 'incremental')::int AS incremental, count(*) FILTER (WHERE p.mode = 'full')::int AS full,
              coalesce(sum(p.projects_evaluated), 0)::int AS projects_evaluated
         FROM governance_scans s LEFT JOIN governance_scan_parts p ON p.scan_id = s.id WHERE s.id = $1 GROUP BY s.id`,
      [id],
    )).rows;
    return scan.status === 'completed' || scan.status === 'failed' ? scan : null;
  }, 15 * 60_000, 250);
  // The worker would retry a failed scan; the benchmark reports the first failure instead.
  if (row.status === 'failed') throw new Error(`the scan failed after ${row.seconds?.toFixed(1)} s: ${row.error}`);
  return { ...row, endToEndSeconds: (Date.now() - started) / 1000 };
}

/**
 * The same rule queries bare, as the worker's role, in transactions that are rolled back: the
 * scan's own read statements (ScanService exports them) in its order (the context tables, every
 * rule's violations, the evidence ratings, the optimism gap, the read model's rows), one organisation at a time on
 * one connection (the reference is the reads' own cost, not their parallelism), largest first. Over the projects the
 * scan will re-judge: every active one where it will be full, and where it will be incremental the
 * marked ones, those with an acceptance lapsing and those DUE_PROJECTS_SQL finds (that query is
 * part of the reference). No flag, rating or read-model row is written, which is what the scan adds.
 */
export async function bareRuleQueries(ctx: BenchContext, dueAt: Date): Promise<{ seconds: number; violations: number; connections: number; projects: number; incremental: number }> {
  // As many as the worker scans at once: one part at a time.
  const connections = 1;
  const clients = Array.from({ length: connections }, () => new Client({ connectionString: ctx.workerUrl, application_name: 'bench-bare-scan' }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    const organisations = (await ctx.owner.query<{ id: string }>(
      `SELECT o.id FROM organisations o ORDER BY (SELECT count(*) FROM projects p WHERE p.organisation_id = o.id AND p.status = 'active') DESC, o.id`,
    )).rows.map((r) => r.id);
    const day = todayInLondon(dueAt);
    let violations = 0;
    let projects = 0;
    let incremental = 0;
    const lane = async (db: Client) => {
      for (let org = organisations.shift(); org; org = organisations.shift()) {
        await db.query('BEGIN');
        await db.query('SET LOCAL jit = off');
        const [basis] = (await db.query<ScanBasis>(SCAN_BASIS_SQL, [org, day, null, null, true])).rows;
        let scope: string[] | null = null;
        if (canBeIncremental(basis, day, ctx.config.governanceFullScanDays)) {
          const [{ projects: due }] = (await db.query<{ projects: string[] }>(DUE_PROJECTS_SQL, [org, day, basis.scanned_for, basis.thresholds])).rows;
          const others = (await db.query<{ id: string }>(
            `SELECT subject_id AS id FROM evidence_dirty WHERE organisation_id = $1 AND subject_type = 'project'
             UNION SELECT project_id FROM flags WHERE organisation_id = $1 AND status = 'accepted' AND accepted_until < $2::date AND project_id IS NOT NULL`,
            [org, day],
          )).rows.map((r) => r.id);
          scope = [...new Set([...due, ...others])];
          incremental += 1;
        }
        const params = [org, day, scope, null, true];
        const run = (sql: string) => db.query(sql, sql.startsWith('CREATE') ? params : []);
        for (const sql of SCAN_CONTEXT_STATEMENTS) await run(sql);
        const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM (${SCAN_RULES_SQL}) v`, params)).rows;
        violations += n;
        for (const sql of SCAN_FLAG_COUNT_STATEMENTS) await run(sql);
        for (const sql of SCAN_RATINGS_STATEMENTS) await run(sql);
        await db.query(`SELECT count(*) FROM (${SCAN_OPTIMISM_SQL}) g`, params);
        // The evidence read model's rows, computed but not written.
        await db.query(`WITH p AS (SELECT $1::uuid, $2::date, $3::uuid[], $4::text, $5::boolean) SELECT count(*) FROM (${projectRowsSql(false)}) e`, params);
        projects += (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM active_projects`)).rows[0].n;
        await db.query('ROLLBACK');
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(clients.map(lane));
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, violations, connections, projects, incremental };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

export async function scanLine(ctx: BenchContext): Promise<BenchLine> {
  // A day after the last scheduled scan (the seed's, or the previous benchmark's), so every run is a next night.
  const [{ last }] = (await ctx.owner.query<{ last: Date | null }>(`SELECT max(scheduled_for) AS last FROM governance_scans WHERE trigger = 'schedule' AND status = 'completed'`)).rows;
  const dueAt = new Date(Math.max(last?.getTime() ?? 0, Date.now()) + 24 * 3600_000);
  const bare = await bareRuleQueries(ctx, dueAt);
  const scan = await scanThroughWorker(ctx, dueAt);
  const seconds = scan.seconds ?? scan.endToEndSeconds;
  const ratio = bare.seconds / seconds;
  const how = scan.full === 0 ? 'incremental' : scan.incremental === 0 ? 'full' : `${scan.incremental} organisations incremental, ${scan.full} full`;
  return {
    what: `governance scan, all ${scan.projects_scanned.toLocaleString('en-GB')} active projects, as the next nightly scan (worker, ${how}: ${scan.projects_evaluated.toLocaleString('en-GB')} re-judged)`,
    figure: seconds,
    unit: 's',
    reference: bare.seconds,
    referenceWhat: `the same rule queries, bare, over the same ${bare.projects.toLocaleString('en-GB')} projects, per organisation on ${bare.connections} connections`,
    ratio,
    target: '< 5 s and within 1.5x',
    pass: seconds < 5 && seconds <= 1.5 * bare.seconds,
    notes: `${(seconds / bare.seconds).toFixed(2)}x bare; ${scan.raised} raised, ${scan.refreshed} refreshed, ${scan.resolved} resolved; ${scan.endToEndSeconds.toFixed(1)} s end to end`,
    details: { scan, bare },
  };
}
