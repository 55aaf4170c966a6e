import { DELIVERY_CONFIDENCE, DeliveryConfidence } from '@app/portfolio';
import { LIVE_PROGRAMME_ROWS_SQL, LIVE_PROJECT_ROWS_SQL } from '@app/governance';

export type RatingFilter = DeliveryConfidence | 'none';
export const PORTFOLIO_SORTS = ['code', 'reportedRating', 'evidenceRating', 'optimismGap', 'criticalFlags'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioFilters {
  programmeId?: string;
  /** Projects whose reported or evidence rating is this ("none": no report for the period). */
  rating?: RatingFilter;
  reportedRating?: RatingFilter;
  /** "none": not rated (not an active project). */
  evidenceRating?: RatingFilter;
  /** Projects whose optimism gap is at least this many steps. */
  minGap?: number;
  /** Only projects with open critical flags. */
  criticalFlags?: boolean;
  /** Worst first; ties by code. */
  sort?: PortfolioSort;
}

/**
 * One programme of the answer: its JSON with its projects' documents already spliced in, and the
 * answer's summary counts over every row (the same on each row, so the first row carries them and
 * the api can write the head of the answer before the rest of the rows have arrived).
 */
export interface PortfolioRow {
  doc: string;
  programmes: number;
  programme_gaps: number;
  projects: number;
  gaps: number;
  critical: number;
  off_track: number;
  over_budget: number;
  /** The oldest programme or project row shown. */
  oldest: Date | null;
}

export interface EvidenceState {
  period: string | null;
  version: string | null;
  refreshed_at: Date | null;
  /** The last full scan, which verified every row it did not rewrite. */
  scanned_at: Date | null;
  start_month: number;
}

export const EVIDENCE_STATE_SQL = `SELECT s.period, s.version::text AS version, s.refreshed_at, m.scanned_at, o.financial_year_start_month AS start_month
  FROM organisations o LEFT JOIN evidence_states s ON s.organisation_id = o.id LEFT JOIN organisation_scan_marks m ON m.organisation_id = o.id WHERE o.id = $1`;

const step = (rating: DeliveryConfidence) => DELIVERY_CONFIDENCE.indexOf(rating);
const ORDER: Record<PortfolioSort, string> = {
  code: 'code',
  reportedRating: 'reported_step DESC NULLS LAST, code',
  evidenceRating: 'rating_step DESC NULLS LAST, code',
  optimismGap: 'optimism_gap DESC NULLS LAST, code',
  criticalFlags: 'critical_flags DESC, code',
};

/**
 * The portfolio as one statement over the read model: each programme's row with its (filtered,
 * ordered) projects' stored documents spliced into its own, and the summary counts over the narrow
 * columns alone, computed once and carried on every row. The programmes are put in order before
 * their projects' documents are joined, so the wide rows need no sort and each goes out as soon as
 * it is built: the api writes them on as they arrive, without parsing them. Parameters: $1 organisation, $2 as-of date, $3 NULL, $4 period (the last three for
 * `live`, an earlier period computed as of its end), $5 programme or NULL, then the filters' values.
 * Filters and orders come from fixed lists; values are always parameters.
 */
export function portfolioSql(filters: PortfolioFilters, live: boolean): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length + 5}::${type}`;
  };
  const conditions: string[] = [];
  const rated = (column: string, filter: RatingFilter) => (filter === 'none' ? `${column} IS NULL` : `${column} = ${param(step(filter), 'int')}`);
  if (filters.rating) conditions.push(filters.rating === 'none' ? 'reported_step IS NULL' : `(reported_step = ${param(step(filters.rating), 'int')} OR rating_step = $${values.length + 5}::int)`);
  if (filters.reportedRating) conditions.push(rated('reported_step', filters.reportedRating));
  if (filters.evidenceRating) conditions.push(rated('rating_step', filters.evidenceRating));
  if (filters.minGap !== undefined) conditions.push(`optimism_gap >= ${param(filters.minGap, 'int')}`);
  if (filters.criticalFlags) conditions.push('critical_flags > 0');
  const order = ORDER[filters.sort ?? 'code'];
  const projects = live ? 'live_projects' : 'project_evidence';
  const programmes = live ? 'live_programmes' : 'programme_evidence';
  const sources = live
    ? `live_projects AS MATERIALIZED (SELECT *, doc::text AS doc_text FROM (${LIVE_PROJECT_ROWS_SQL}) r),
       live_programmes AS MATERIALIZED (SELECT *, doc::text AS doc_text FROM (${LIVE_PROGRAMME_ROWS_SQL}) r),`
    : '';
  const sql = `
WITH portfolio_params AS (SELECT $1::uuid AS organisation_id, $2::date AS as_of, $3::uuid[] AS project_ids, $4::text AS period, $5::uuid AS programme_id),
${sources}
p AS NOT MATERIALIZED (
  SELECT programme_id, code, rating_step, reported_step, optimism_gap, optimism_flagged, critical_flags, kpis_off_track, over_budget, evidence_as_of,
         ${live ? 'doc_text' : 'doc'} AS doc
    FROM ${projects}
   WHERE organisation_id = $1 AND ($5::uuid IS NULL OR programme_id = $5::uuid)${conditions.map((c) => ` AND ${c}`).join('')}),
counts AS (
  SELECT programme_id, count(*) AS n, count(*) FILTER (WHERE optimism_flagged) AS gaps, sum(critical_flags) AS critical, sum(kpis_off_track) AS off_track,
         count(*) FILTER (WHERE over_budget) AS over_budget, min(evidence_as_of) AS oldest
    FROM p GROUP BY programme_id),
shown AS (
  SELECT g.programme_id, g.code, g.rating_step, g.reported_step, g.optimism_gap, g.optimism_flagged, g.critical_flags, g.evidence_as_of, ${live ? 'g.doc_text' : 'g.doc'} AS doc,
         c.n, c.gaps, c.critical, c.off_track, c.over_budget, c.oldest
    FROM ${programmes} g LEFT JOIN counts c ON c.programme_id = g.programme_id
   WHERE g.organisation_id = $1 AND ($5::uuid IS NULL OR g.programme_id = $5::uuid)${conditions.length ? ' AND c.n > 0' : ''}),
summary AS MATERIALIZED (
  SELECT count(*)::int AS programmes, (count(*) FILTER (WHERE optimism_flagged))::int AS programme_gaps, coalesce(sum(n), 0)::int AS projects,
         coalesce(sum(gaps), 0)::int AS gaps, coalesce(sum(coalesce(critical, 0) + critical_flags), 0)::int AS critical,
         coalesce(sum(off_track), 0)::int AS off_track, coalesce(sum(over_budget), 0)::int AS over_budget, min(least(evidence_as_of, oldest)) AS oldest
    FROM shown)
SELECT left(g.doc, -1) || ',"projects":[' || coalesce(x.projects, '') || ']}' AS doc,
       (SELECT programmes FROM summary) AS programmes, (SELECT programme_gaps FROM summary) AS programme_gaps, (SELECT projects FROM summary) AS projects,
       (SELECT gaps FROM summary) AS gaps, (SELECT critical FROM summary) AS critical, (SELECT off_track FROM summary) AS off_track,
       (SELECT over_budget FROM summary) AS over_budget, (SELECT oldest FROM summary) AS oldest
  FROM (SELECT programme_id, code, rating_step, reported_step, optimism_gap, critical_flags, doc FROM shown ORDER BY ${order}) g
  LEFT JOIN LATERAL (
    SELECT string_agg(p.doc, ',' ORDER BY ${order.split(', ').map((o) => `p.${o}`).join(', ')}) AS projects
      FROM p WHERE p.programme_id = g.programme_id) x ON true
 ORDER BY ${order.split(', ').map((o) => `g.${o}`).join(', ')}`;
  return { sql, values };
}
