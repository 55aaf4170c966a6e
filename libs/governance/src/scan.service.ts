import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { derivedKpisExistSql, refreshDerivedKpis } from '@app/kpis';
import { subscribedToSql } from '@app/integrations';
import { notificationsSql } from '@app/notifications';
import { Actor, Db, emitEventsSql, inlineParams, JOBS, peopleInRolesSql, Problem, QUEUES, todayInLondon } from '@app/platform';
import { RULE_CODES, RuleCode, RULES } from './governance.enums';
import { GovernanceScanEntity } from './governance-scan.entity';
import { ACTIVE_PROJECTS_CTE, FINANCE_CTE, flagCountsCte, KPI_BASE_STATUS_CTE, KPI_ROLLUP_CTE, REVIEW_CTE, SCHEDULE_CTE, THRESHOLDS_CTE } from './sql/context.queries';
import { OPTIMISM_GAP_SQL, PROGRAMME_OPTIMISM_GAP_SQL, SCAN_RATING_CTE } from './sql/rating.queries';
import { PROGRAMME_ROLLUP_CTE, programmeRowsSql, projectRowsSql, ROLLUP_COUNTS } from './sql/evidence.queries';
import { RULE_SQL } from './sql/rules.queries';
import { DUE_PROJECTS_SQL } from './sql/incremental.queries';
import { readMarks, releaseMarks } from './evidence/evidence-marks';

export const SCAN_JOB = 'scan';

/** What one apply did to the flags; severity_changed counts the refreshed flags whose severity moved. */
interface Applied {
  raised: number;
  refreshed: number;
  resolved: number;
  severity_changed: number;
}

export interface ScanCounts {
  projectsScanned: number;
  raised: number;
  refreshed: number;
  resolved: number;
  ratingsChanged: number;
  /** Whole-organisation scans: full, or incremental (only the projects that may have changed re-judged). */
  mode: 'full' | 'incremental' | null;
  /** Projects re-judged (every active one when full). */
  projectsEvaluated: number;
}

/** How a whole-organisation scan may go: incremental when it can, full at least every `fullEveryDays` days (0: always full). */
export interface ScanOptions {
  incremental?: { fullEveryDays: number };
}

const BASE_RULES = RULE_CODES.filter((r) => r !== 'optimism_gap' && r !== 'programme_optimism_gap') as Exclude<RuleCode, 'optimism_gap' | 'programme_optimism_gap'>[];
// Scans of one organisation take this lock (with the organisation) so two never interleave: a manual
// scan during the nightly one waits for that organisation's part of it.
export const SCAN_LOCK = 0x60f1a65;

/**
 * Webhook events for flags, set-based: only organisations with an active subscription to the event
 * get an outbox row (the same payload emitEvent writes), so a large scan does not flood the outbox.
 */
const eventsFor = (from: 'raised' | 'resolved', type: 'flag.raised' | 'flag.resolved') =>
  emitEventsSql(
    type,
    from,
    `jsonb_build_object('flagId', x.id, 'rule', x.rule, 'severity', x.severity, 'projectId', x.project_id, 'programmeId', x.programme_id, 'evidence', x.evidence)`,
    subscribedToSql('x.organisation_id', type),
  );

const RULE_TITLES = `(VALUES ${RULES.map((r) => `('${r.code}', '${r.title.replace(/'/g, "''")}')`).join(', ')}) AS rt(rule, title)`;

/**
 * A new critical flag tells the people answerable for its subject: the project's project managers
 * and the programme's SRO (for a programme's flag, its SRO and programme managers). Keyed by flag,
 * so a person hears of each flag once.
 */
const criticalFlagNotices = notificationsSql(
  'critical_flag',
  `SELECT x.organisation_id, who.person_id, 'critical_flag:' || x.id AS event_key,
          format('Critical flag: %s on %s %s', rt.title, coalesce(p.code, g.code), coalesce(p.name, g.name)) AS subject,
          format('The governance check raised a critical flag, "%s", on %s %s. What it found: %s.', rt.title, coalesce(p.code, g.code), coalesce(p.name, g.name), x.evidence) AS body,
          CASE WHEN x.project_id IS NOT NULL THEN '/board/projects/' || x.project_id ELSE '/board?programme=' || x.programme_id END AS link
     FROM raised x
     JOIN ${RULE_TITLES} ON rt.rule = x.rule
     JOIN programmes g ON g.organisation_id = x.organisation_id AND g.id = x.programme_id
     LEFT JOIN projects p ON p.organisation_id = x.organisation_id AND p.id = x.project_id
     CROSS JOIN LATERAL (
       ${peopleInRolesSql('x.organisation_id', 'x.programme_id', 'NULL::uuid', ['sro'])}
       UNION
       SELECT person_id, email, name FROM (${peopleInRolesSql('x.organisation_id', 'CASE WHEN x.project_id IS NULL THEN x.programme_id END', 'x.project_id', ['project_manager', 'programme_manager'])}) pm) who
    WHERE x.severity = 'critical'`,
);

/**
 * Applies one rule set's violations (in the temp table scan_violations) to the flags in one
 * statement: raise where none is unresolved, refresh where one is, resolve where the condition has
 * cleared, and record the history. Running it twice with the same violations changes nothing.
 */
export const APPLY_SQL = `
WITH v AS (SELECT * FROM scan_violations WHERE rule = ANY($3::text[])),
raised AS (
  INSERT INTO flags (organisation_id, subject_type, subject_id, project_id, programme_id, rule, severity, status, evidence, details, first_raised_at, last_seen_at, raised_by_scan_id)
  SELECT organisation_id, subject_type, subject_id, project_id, programme_id, rule, severity, 'open', evidence, details, now(), now(), $2 FROM v
   -- Only the new ones: one anti-join instead of a speculative insert per open flag (the conflict
   -- clause stays as the guard against a concurrent writer).
   -- The constant organisation keeps this to the organisation's flags: joined on v's column alone,
   -- the planner hashed every organisation's open flags for each organisation's scan.
   WHERE NOT EXISTS (SELECT 1 FROM flags f WHERE f.organisation_id = v.organisation_id AND ($1::uuid IS NULL OR f.organisation_id = $1::uuid)
                       AND f.rule = v.rule AND f.subject_id = v.subject_id AND f.status <> 'resolved')
  ON CONFLICT (organisation_id, rule, subject_id) WHERE status <> 'resolved' DO NOTHING
  RETURNING id, organisation_id, rule, severity, project_id, programme_id, evidence, details),
-- Only flags whose evidence changed are rewritten; the others were seen too, and say so through the
-- organisation's scan mark (organisation_scan_marks), not a new row version each.
-- This and the next join the temp table itself, not v: its index keeps them index lookups when the
-- planner misjudges the flags (just written by a first scan, not yet analysed), where a loop over
-- the CTE was quadratic (past the statement timeout at 3,000 projects).
-- Counts of days and the rolling year's end move with the calendar, not the facts: a flag whose text
-- differs only in them (flag_evidence_as_of brings it to the scan's day) is not rewritten either, and
-- readers bring its text to the day they read it (flag-evidence.ts).
refreshed AS (
  UPDATE flags f SET last_seen_at = now(), evidence = s.evidence, details = s.details, severity = s.severity
    FROM scan_violations s WHERE s.rule = ANY($3::text[]) AND f.organisation_id = s.organisation_id AND ($1::uuid IS NULL OR f.organisation_id = $1::uuid)
     AND f.rule = s.rule AND f.subject_id = s.subject_id AND f.status <> 'resolved'
     AND ((f.details, f.severity) IS DISTINCT FROM (s.details, s.severity)
          OR (f.evidence IS DISTINCT FROM s.evidence AND flag_evidence_as_of(f.evidence, $6::date) IS DISTINCT FROM s.evidence))
  -- The sub-select reads the statement's snapshot, so it sees the row as it was before this update.
  RETURNING f.id, (SELECT o.severity FROM flags o WHERE o.id = f.id) IS DISTINCT FROM f.severity AS severity_changed),
-- Resolved among the projects judged ($4, NULL for all) and, when programmes were judged ($5), the programmes' own flags.
resolved AS (
  UPDATE flags f SET status = 'resolved', resolved_at = now(), resolved_by_scan_id = $2, version = f.version + 1
   WHERE f.status <> 'resolved' AND f.rule = ANY($3::text[]) AND ($1::uuid IS NULL OR f.organisation_id = $1::uuid)
     AND ($4::uuid[] IS NULL OR f.project_id = ANY($4::uuid[]) OR ($5::boolean AND f.project_id IS NULL))
     AND NOT EXISTS (SELECT 1 FROM scan_violations s WHERE s.organisation_id = f.organisation_id AND s.rule = f.rule AND s.subject_id = f.subject_id)
  RETURNING f.id, f.organisation_id, f.rule, f.severity, f.project_id, f.programme_id, f.evidence),
raised_events AS (
  INSERT INTO flag_events (organisation_id, flag_id, kind, actor, scan_id) SELECT organisation_id, id, 'raised', 'governance scan', $2 FROM raised),
resolved_events AS (
  INSERT INTO flag_events (organisation_id, flag_id, kind, actor, note, scan_id)
  SELECT organisation_id, id, 'resolved', 'governance scan', 'the condition no longer holds', $2 FROM resolved),
raised_webhooks AS (${eventsFor('raised', 'flag.raised')}),
-- Actions going overdue raise their subject's action_overdue flag: subscribers hear which ones.
overdue_webhooks AS (${emitEventsSql(
  'action.overdue',
  'raised',
  `jsonb_build_object('flagId', x.id, 'projectId', x.project_id, 'programmeId', x.programme_id, 'actionIds', x.details->'actionIds', 'evidence', x.evidence)`,
  `x.rule = 'action_overdue' AND ${subscribedToSql('x.organisation_id', 'action.overdue')}`,
)}),
resolved_webhooks AS (${eventsFor('resolved', 'flag.resolved')}),
raised_notices AS (${criticalFlagNotices})
SELECT (SELECT count(*) FROM raised)::int AS raised, (SELECT count(*) FROM refreshed)::int AS refreshed, (SELECT count(*) FROM resolved)::int AS resolved,
       (SELECT count(*) FROM refreshed WHERE severity_changed)::int AS severity_changed`;

/**
 * Every statement's parameters are $1 organisation (or NULL for all), $2 the as-of date, $3 some
 * projects (or NULL for all), $4 the period under review (NULL: the latest reported), $5 whether the
 * programme-level rules are judged (whole-organisation scans, full or incremental; not the refresh of
 * a few written projects); this unused CTE gives each its type even where a statement uses only some.
 */
const PARAMS = `scan_params AS (SELECT $1::uuid AS organisation_id, $2::date AS as_of, $3::uuid[] AS project_ids, $4::text AS period, $5::boolean AS programmes)`;

/**
 * The scan's context (thresholds, active projects, KPI status, finance), each computed once into a
 * temporary table named like the CTE it replaces, so the rules, the ratings and the optimism gap
 * read it instead of evaluating the CTEs three times. Temporary tables come first on the search
 * path, and the rule SQL names them exactly as the CTEs (the portfolio view still uses the CTEs).
 * Exported so the benchmark runs exactly these statements bare.
 */
// Statistics on the join keys only: the row count and key spread are what the planner needs, and
// sampling every column (KPI names, evidence text) was a quarter of a scan's time.
const temp = (name: string, cte: string, keys = 'organisation_id, project_id') => [
  `DROP TABLE IF EXISTS pg_temp.${name}`,
  `CREATE TEMP TABLE ${name} ON COMMIT DROP AS WITH ${PARAMS}, ${cte} SELECT * FROM ${name}`,
  `ANALYZE pg_temp.${name} (${keys})`,
];
export const SCAN_CONTEXT_STATEMENTS: string[] = [
  ...temp('thresholds', THRESHOLDS_CTE, 'organisation_id'),
  ...temp('review', REVIEW_CTE, 'organisation_id'),
  ...temp('active_projects', ACTIVE_PROJECTS_CTE),
  ...temp('kpi_status', KPI_BASE_STATUS_CTE),
  ...temp('kpi_rollup', KPI_ROLLUP_CTE),
  ...temp('project_finance', FINANCE_CTE),
  ...temp('project_schedule', SCHEDULE_CTE),
];
/** Every base rule's violations, over the context tables. */
export const SCAN_RULES_SQL = `WITH ${PARAMS} ${BASE_RULES.map((code) => RULE_SQL[code]).join('\nUNION ALL\n')}`;
/** Open flags counted per subject, after the base rules are applied (FLAG_COUNT_REFILL counts them again when a later apply moved a flag). */
export const SCAN_FLAG_COUNT_STATEMENTS: string[] = temp('flag_counts', flagCountsCte(false), 'organisation_id, subject_type, subject_id');
/**
 * A temporary table built again later in the same scan: emptied and filled rather than dropped and
 * created again (a table's creation is catalog work of its own).
 */
const refill = (name: string, cte: string, keys = 'organisation_id, project_id') => [
  `TRUNCATE pg_temp.${name}`,
  `INSERT INTO pg_temp.${name} WITH ${PARAMS}, ${cte} SELECT * FROM ${name}`,
  `ANALYZE pg_temp.${name} (${keys})`,
];
const FLAG_COUNT_REFILL = refill('flag_counts', flagCountsCte(false), 'organisation_id, subject_type, subject_id');
/** The evidence ratings (they read the flags the base rules just wrote). */
export const SCAN_RATINGS_STATEMENTS: string[] = temp('ratings', SCAN_RATING_CTE);
/** The optimism gap, from the ratings. */
export const SCAN_OPTIMISM_SQL = `WITH ${PARAMS} ${OPTIMISM_GAP_SQL}`;

/**
 * The organisation's project rows as the read model now holds them, for the programme roll-up and
 * the programme rows: only the columns they read (the roll-up's are columns, so no row's JSON is
 * parsed), kept as a temporary table for the two statements.
 */
const PROJECT_ROWS = `project_rows AS (
  SELECT organisation_id, project_id, programme_id, code, rating, rating_step, critical_flags, kpis_off_track, ${ROLLUP_COUNTS.join(', ')}, budget, spent, forecast
    FROM project_evidence WHERE organisation_id = $1)`;
const PROJECT_COLUMNS = `organisation_id, project_id, programme_id, code, period, as_of, evidence_as_of, rating, rating_step, reported, reported_step,
  optimism_gap, optimism_flagged, critical_flags, kpis_off_track, over_budget, ${ROLLUP_COUNTS.join(', ')}, budget, spent, forecast, kpis_change_on, inputs, flags_by_rule, doc`;
const PROGRAMME_COLUMNS = `organisation_id, programme_id, code, period, evidence_as_of, rating, rating_step, reported, reported_step, optimism_gap, optimism_flagged, critical_flags, flags_by_rule, doc`;
const CHANGES = ['programme_id', 'code', 'period', 'rating', 'rating_step', 'reported', 'reported_step', 'optimism_gap', 'optimism_flagged', 'critical_flags', 'kpis_off_track', 'over_budget',
  ...ROLLUP_COUNTS, 'budget', 'spent', 'forecast', 'kpis_change_on', 'inputs', 'flags_by_rule', 'doc'];
const PROGRAMME_CHANGES = ['code', 'period', 'rating', 'rating_step', 'reported', 'reported_step', 'optimism_gap', 'optimism_flagged', 'critical_flags', 'flags_by_rule', 'doc'];
const updateAll = (columns: string, key: string) =>
  columns.split(',').map((c) => c.trim()).filter((c) => !key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`).join(', ');

/**
 * The read model's refresh, after the flags are applied: the projects in scope, then every
 * programme of the organisation (its roll-up, its own optimism gap flag) and the organisation's
 * version. Rows of archived subjects go.
 */
export const EVIDENCE_PROJECT_STATEMENTS: string[] = [
  `WITH ${PARAMS} INSERT INTO project_evidence (${PROJECT_COLUMNS})
   SELECT ${PROJECT_COLUMNS.replace('doc', 'doc::text')} FROM (${projectRowsSql(false)}) r
   ON CONFLICT (organisation_id, project_id) DO UPDATE SET ${updateAll(PROJECT_COLUMNS, 'organisation_id project_id')}
   -- Unchanged rows are left alone (a nightly scan would otherwise rewrite every row); the
   -- organisation's scan mark says they were verified (readers take the later of the two times).
   WHERE (${CHANGES.map((c) => `project_evidence.${c}`).join(', ')}) IS DISTINCT FROM (${CHANGES.map((c) => `EXCLUDED.${c}`).join(', ')})`,
  `WITH ${PARAMS} DELETE FROM project_evidence e WHERE e.organisation_id = $1 AND ($3::uuid[] IS NULL OR e.project_id = ANY($3::uuid[]))
     AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.organisation_id = e.organisation_id AND p.id = e.project_id AND p.status <> 'archived')`,
  ...temp('project_rows', PROJECT_ROWS, 'organisation_id, programme_id'),
  ...temp('programme_rollup', PROGRAMME_ROLLUP_CTE, 'organisation_id, programme_id'),
];
export const SCAN_PROGRAMME_OPTIMISM_SQL = `WITH ${PARAMS} ${PROGRAMME_OPTIMISM_GAP_SQL}`;
export const EVIDENCE_PROGRAMME_STATEMENTS: string[] = [
  `WITH ${PARAMS} INSERT INTO programme_evidence (${PROGRAMME_COLUMNS})
   SELECT ${PROGRAMME_COLUMNS.replace('doc', 'doc::text')} FROM (${programmeRowsSql(false)}) r
   ON CONFLICT (organisation_id, programme_id) DO UPDATE SET ${updateAll(PROGRAMME_COLUMNS, 'organisation_id programme_id')}
   -- As for projects: a refresh re-judges every programme, and rewriting the unchanged ones left the
   -- board's read wading through a dead version of each programme per refresh until vacuum.
   WHERE (${PROGRAMME_CHANGES.map((c) => `programme_evidence.${c}`).join(', ')}) IS DISTINCT FROM (${PROGRAMME_CHANGES.map((c) => `EXCLUDED.${c}`).join(', ')})`,
  `WITH ${PARAMS} DELETE FROM programme_evidence e WHERE e.organisation_id = $1
     AND NOT EXISTS (SELECT 1 FROM programmes g WHERE g.organisation_id = e.organisation_id AND g.id = e.programme_id AND g.status <> 'archived')`,
  `WITH ${PARAMS} INSERT INTO evidence_states (organisation_id, period, version, refreshed_at)
   SELECT organisation_id, period, 1, now() FROM review
   ON CONFLICT (organisation_id) DO UPDATE SET period = EXCLUDED.period, version = evidence_states.version + 1, refreshed_at = EXCLUDED.refreshed_at`,
];

/**
 * Acceptances whose day has passed lapse: the flag is open again (acknowledged, if it was), with a
 * "lapsed" event in its history and flag.acceptance_lapsed for subscribers. One statement.
 */
export const LAPSE_ACCEPTANCES_SQL = `
WITH lapsed AS (
  UPDATE flags f SET status = CASE WHEN f.acknowledged_at IS NOT NULL THEN 'acknowledged' ELSE 'open' END, version = f.version + 1
   WHERE f.organisation_id = $1 AND f.status = 'accepted' AND f.accepted_until < $2::date
     AND ($3::uuid[] IS NULL OR f.project_id = ANY($3::uuid[]))
  RETURNING f.id, f.organisation_id, f.rule, f.severity, f.project_id, f.programme_id, f.accepted_until, f.acceptance_reason),
events AS (
  INSERT INTO flag_events (organisation_id, flag_id, kind, actor, note, scan_id)
  SELECT organisation_id, id, 'lapsed', 'governance scan', format('the acceptance until %s has lapsed; the flag is open again', accepted_until), $4 FROM lapsed),
webhooks AS (${emitEventsSql(
  'flag.acceptance_lapsed',
  'lapsed',
  `jsonb_build_object('flagId', x.id, 'rule', x.rule, 'severity', x.severity, 'projectId', x.project_id, 'programmeId', x.programme_id, 'acceptedUntil', x.accepted_until, 'reason', x.acceptance_reason)`,
  subscribedToSql('x.organisation_id', 'flag.acceptance_lapsed'),
)})
SELECT count(*)::int AS lapsed, coalesce(array_agg(DISTINCT project_id) FILTER (WHERE project_id IS NOT NULL), '{}') AS projects FROM lapsed`;

/**
 * What an incremental scan compares with the organisation's last scan: a digest of its thresholds,
 * financial year and month (when it differs, the scan is full), the period under review now and as
 * the read model holds it (a new period changes every project's comparison: full), and that scan's
 * days.
 */
export const SCAN_BASIS_SQL = `WITH ${PARAMS}, ${THRESHOLDS_CTE}, ${REVIEW_CTE}
SELECT md5(t::text) AS digest, to_jsonb(t) AS thresholds, rv.period, e.period AS stored_period,
       to_char(m.scanned_for, 'YYYY-MM-DD') AS scanned_for, to_char(m.full_scanned_for, 'YYYY-MM-DD') AS full_scanned_for, m.thresholds_digest,
       ${derivedKpisExistSql('t.organisation_id')} AS derived_kpis
  FROM thresholds t JOIN review rv ON rv.organisation_id = t.organisation_id
  LEFT JOIN evidence_states e ON e.organisation_id = t.organisation_id
  LEFT JOIN organisation_scan_marks m ON m.organisation_id = t.organisation_id`;

export interface ScanBasis {
  digest: string;
  /** The thresholds row itself, for DUE_PROJECTS_SQL. */
  thresholds: Record<string, unknown>;
  period: string;
  stored_period: string | null;
  scanned_for: string | null;
  full_scanned_for: string | null;
  thresholds_digest: string | null;
  /** Whether the organisation has derived KPIs to refresh before the rules. */
  derived_kpis: boolean;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Whether the scan on `day` can be incremental, from the last scan's basis: otherwise it is full. */
export function canBeIncremental(basis: ScanBasis, day: string, fullEveryDays: number): basis is ScanBasis & { scanned_for: string; full_scanned_for: string } {
  if (fullEveryDays <= 0 || !basis.scanned_for || !basis.full_scanned_for) return false;
  if (basis.thresholds_digest !== basis.digest || basis.stored_period !== basis.period) return false;
  // Judging as of a day before the last scan's (a rerun for an earlier due time) starts again.
  if (day < basis.scanned_for) return false;
  return daysBetween(basis.full_scanned_for, day) < fullEveryDays;
}

const RATINGS_SQL = `WITH ${PARAMS},
previous AS (SELECT organisation_id, project_id, rating FROM project_ratings WHERE ($1::uuid IS NULL OR organisation_id = $1::uuid)),
upserted AS (
  INSERT INTO project_ratings (organisation_id, project_id, rating, inputs, computed_at)
  SELECT organisation_id, project_id, rating, inputs, now() FROM ratings
  ON CONFLICT (organisation_id, project_id) DO UPDATE SET rating = EXCLUDED.rating, inputs = EXCLUDED.inputs, computed_at = EXCLUDED.computed_at
  -- Unchanged ratings are left alone rather than rewriting every project's row on every scan.
  WHERE project_ratings.rating IS DISTINCT FROM EXCLUDED.rating OR project_ratings.inputs IS DISTINCT FROM EXCLUDED.inputs
  RETURNING organisation_id, project_id, rating),
changed AS (SELECT u.organisation_id, u.project_id, p.rating AS before, u.rating AS after FROM upserted u JOIN previous p USING (organisation_id, project_id) WHERE p.rating <> u.rating),
announced AS (${emitEventsSql('rating.changed', 'changed', `jsonb_build_object('projectId', x.project_id, 'from', x.before, 'to', x.after)`, subscribedToSql('x.organisation_id', 'rating.changed'))})
SELECT count(*)::int AS changed FROM changed`;

@Injectable()
export class ScanService {
  private readonly logger = new Logger('governance');

  constructor(private readonly db: Db) {}

  /**
   * Records an on-demand scan of the caller's organisation and queues it for the worker. While a
   * requested scan is still queued, a new request joins it (it will see the same data), so a burst
   * of requests costs one scan; once it is running, a request queues the next one.
   */
  request(actor: Actor): Promise<GovernanceScanEntity> {
    return this.db.tenant(actor, async (tx) => {
      // Read committed: each statement sees the latest state, so if the queued scan starts between
      // the two statements the next attempt inserts a scan of this request's own.
      for (;;) {
        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO governance_scans (organisation_id, trigger, status, requested_by) VALUES ($1, 'manual', 'queued', $2)
           ON CONFLICT (organisation_id) WHERE trigger = 'manual' AND status = 'queued' DO NOTHING RETURNING id`,
          [tx.organisationId, actor.name],
        );
        if (inserted.length > 0) {
          const scan = await tx.manager.findOneByOrFail(GovernanceScanEntity, { id: inserted[0].id });
          await tx.outbox({ queue: QUEUES.governance, jobName: SCAN_JOB, payload: { scanId: scan.id } });
          await tx.audit({ action: 'governance_scan.requested', entityType: 'governance_scan', entityId: scan.id });
          return scan;
        }
        const queued = await tx.manager.findOne(GovernanceScanEntity, { where: { organisationId: tx.organisationId, trigger: 'manual', status: 'queued' } });
        if (queued) {
          await tx.audit({ action: 'governance_scan.merged', entityType: 'governance_scan', entityId: queued.id });
          return queued;
        }
      }
    });
  }

  get(actor: Actor, id: string): Promise<GovernanceScanEntity> {
    return this.db.tenant(actor, async (tx) => {
      const scan = await tx.manager.findOne(GovernanceScanEntity, { where: { id, organisationId: tx.organisationId } });
      if (!scan) throw Problem.notFound('scan');
      return scan;
    });
  }

  /**
   * Runs a recorded on-demand scan of one organisation, in one transaction: a crash rolls it back
   * and the retried job runs it again. (Scans over every organisation are ScheduledScans': one part
   * per organisation.)
   */
  async run(scanId: string, asOf?: Date): Promise<GovernanceScanEntity> {
    const scan = await this.db.dataSource.manager.findOneBy(GovernanceScanEntity, { id: scanId });
    if (!scan) throw new Error(`scan ${scanId} does not exist`);
    if (scan.status === 'completed') return scan;
    const organisationId = scan.organisationId;
    if (!organisationId) throw new Error(`scan ${scanId} covers every organisation: ScheduledScans runs it`);
    await this.db.dataSource.manager.update(GovernanceScanEntity, { id: scanId }, { status: 'running', startedAt: new Date() });
    try {
      const { ratingsChanged, mode, projectsEvaluated, ...counts } = await this.db.system((manager) => this.scanWithin(manager, organisationId, scanId, asOf ?? new Date()));
      await this.db.dataSource.manager.update(GovernanceScanEntity, { id: scanId }, { status: 'completed', finishedAt: new Date(), ...counts, error: null });
      this.logger.log({ msg: 'governance scan completed', scanId, organisationId, ratingsChanged, mode, projectsEvaluated, ...counts });
    } catch (error) {
      await this.db.dataSource.manager.update(GovernanceScanEntity, { id: scanId }, { status: 'failed', finishedAt: new Date(), error: (error as Error).message.slice(0, 1000) });
      throw error;
    }
    return (await this.db.dataSource.manager.findOneBy(GovernanceScanEntity, { id: scanId })) as GovernanceScanEntity;
  }

  /**
   * One organisation's scan, inside the caller's transaction; also used directly by tests and the
   * demo. With `projectIds` it judges only those projects (the worker's refresh after a write) but
   * still rolls every programme up. Without, it judges the whole organisation: every project (full),
   * or with `options.incremental` when the last scan allows it, only the projects a write marked
   * and those whose dated evidence crossed a threshold since (DUE_PROJECTS_SQL), with every
   * programme's own rules. Either way it leaves the evidence read model current.
   */
  async scanWithin(manager: EntityManager, organisationId: string, scanId: string | null, asOf: Date, projectIds: string[] | null = null, options: ScanOptions = {}): Promise<ScanCounts> {
    const day = todayInLondon(asOf);
    const whole = !projectIds;
    await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [SCAN_LOCK, organisationId]);
    const [basis]: ScanBasis[] = whole ? await manager.query(SCAN_BASIS_SQL, [organisationId, day, null, null, true]) : [];
    // Derived cost-per-transaction values first, so the rules judge this month's ledger.
    if (whole && (!basis || basis.derived_kpis)) await refreshDerivedKpis(manager, organisationId);
    // A whole-organisation scan refreshes every subject (its own derived KPI values included): marks made before this point are covered
    // and released at the end (later writes leave theirs for the next refresh). Read, not deleted, so writes never wait on a scan.
    const marks = whole ? await readMarks(manager, organisationId) : null;
    const incremental = whole && options.incremental && basis ? canBeIncremental(basis, day, options.incremental.fullEveryDays) : false;
    // Lapsed acceptances first, so this scan counts those flags as open again (an incremental scan lapses the whole organisation's and re-judges their projects).
    const [{ projects: lapsed }]: { projects: string[] }[] = await manager.query(LAPSE_ACCEPTANCES_SQL, [organisationId, day, whole ? null : projectIds, scanId]);
    let scope = projectIds;
    if (incremental) {
      const [{ projects: due }]: { projects: string[] }[] = await manager.query(DUE_PROJECTS_SQL, [organisationId, day, (basis as ScanBasis).scanned_for, (basis as ScanBasis).thresholds]);
      const marked = (marks ?? []).filter((m) => m.subject_type === 'project').map((m) => m.subject_id);
      scope = [...new Set([...due, ...marked, ...lapsed])];
    }
    const params = [organisationId, day, scope, null, whole];
    // Each list (a temporary table's drop, build and statistics; the read model's writes) goes as one
    // message, its values written in as literals: planned as with bound values, in one round trip.
    const statements = (list: string[], values: unknown[] = params) =>
      manager.query(list.map((sql) => (sql.startsWith('DROP') || sql.startsWith('ANALYZE') ? sql : inlineParams(sql, values))).join(';\n'));
    // Flag counts are of severities, states and rules: only a raise, a resolution or a new severity moves them (not new evidence text).
    const moved = (counts: Applied) => counts.raised + counts.resolved + counts.severity_changed > 0;
    await statements([
      `DROP TABLE IF EXISTS pg_temp.scan_violations`,
      `CREATE TEMP TABLE scan_violations (organisation_id uuid, subject_type text, subject_id uuid, project_id uuid, programme_id uuid,
         rule text, severity text, evidence text, details jsonb) ON COMMIT DROP`,
      `CREATE INDEX ON scan_violations (organisation_id, rule, subject_id)`,
      ...SCAN_CONTEXT_STATEMENTS,
    ]);
    await manager.query(`INSERT INTO scan_violations ${SCAN_RULES_SQL}`, params);
    await manager.query(`ANALYZE pg_temp.scan_violations (organisation_id, rule, subject_id)`);
    const base = await this.apply(manager, organisationId, scanId, BASE_RULES, scope, whole, day);
    // Ratings read the flags just written (open critical flags on other causes are one of their inputs).
    await statements(SCAN_FLAG_COUNT_STATEMENTS);
    await statements(SCAN_RATINGS_STATEMENTS);
    const [{ changed }] = await manager.query(RATINGS_SQL, params);
    await manager.query(`INSERT INTO scan_violations ${SCAN_OPTIMISM_SQL}`, params);
    // Fresh statistics again: planned on the first batch's, the optimism rows look like one row and the
    // flags join became a nested loop over every flag (four minutes at 100,000 projects).
    await manager.query(`ANALYZE pg_temp.scan_violations (organisation_id, rule, subject_id)`);
    // The ratings already name the optimism gap flag as this apply leaves it (SCAN_RATING_CTE), so its
    // evidence, which quotes their reasons, is final in one pass.
    const gap = await this.apply(manager, organisationId, scanId, ['optimism_gap'], scope, false, day);
    // The read model: projects with the flags as they now stand (counted again only when a flag moved), then the programmes.
    if (moved(gap)) await statements(FLAG_COUNT_REFILL);
    await statements(EVIDENCE_PROJECT_STATEMENTS);
    await manager.query(`INSERT INTO scan_violations ${SCAN_PROGRAMME_OPTIMISM_SQL}`, params);
    const programmeGap = await this.apply(manager, organisationId, scanId, ['programme_optimism_gap'], null, false, day);
    // The programme rows read only the programmes' own counts: no project's flags are counted again.
    if (moved(programmeGap)) await statements(FLAG_COUNT_REFILL, [organisationId, day, [], null, whole]);
    await statements(EVIDENCE_PROGRAMME_STATEMENTS);
    // An incremental scan saw every flag too: those of projects it did not re-judge cannot have changed.
    if (whole && basis)
      await manager.query(
        `INSERT INTO organisation_scan_marks (organisation_id, scanned_at, scanned_for, full_scanned_for, thresholds_digest) VALUES ($1, now(), $2, CASE WHEN $3 THEN $2::date END, $4)
         ON CONFLICT (organisation_id) DO UPDATE SET scanned_at = EXCLUDED.scanned_at, scanned_for = EXCLUDED.scanned_for,
           full_scanned_for = coalesce(EXCLUDED.full_scanned_for, organisation_scan_marks.full_scanned_for), thresholds_digest = EXCLUDED.thresholds_digest`,
        [organisationId, day, !incremental, basis.digest],
      );
    if (marks) await releaseMarks(manager, organisationId, marks);
    const [{ n }] = whole
      ? await manager.query(`SELECT count(*)::int AS n FROM projects WHERE organisation_id = $1 AND status = 'active' AND phase <> 'retired'`, [organisationId])
      : await manager.query(`SELECT count(*)::int AS n FROM active_projects`);
    const [{ evaluated }] = await manager.query(`SELECT count(*)::int AS evaluated FROM active_projects`);
    const sum = (key: 'raised' | 'refreshed' | 'resolved') => base[key] + gap[key] + programmeGap[key];
    return {
      projectsScanned: n,
      raised: sum('raised'),
      refreshed: sum('refreshed'),
      resolved: sum('resolved'),
      ratingsChanged: changed,
      mode: whole ? (incremental ? 'incremental' : 'full') : null,
      projectsEvaluated: evaluated,
    };
  }

  private async apply(manager: EntityManager, organisationId: string, scanId: string | null, rules: string[], projectIds: string[] | null, programmes: boolean, day: string) {
    // The flags are read by index only. Planned while the table looked empty (a first scan, with other
    // organisations' parts inserting their flags meanwhile), a nested loop read the whole table again
    // for every violation: 321 s for one organisation of the scale seed's first scan.
    await manager.query(`SET LOCAL enable_seqscan = off`);
    const [row] = await manager.query(APPLY_SQL, [organisationId, scanId, rules, projectIds, programmes, day]);
    await manager.query(`SET LOCAL enable_seqscan = on`);
    return row as Applied;
  }
}
