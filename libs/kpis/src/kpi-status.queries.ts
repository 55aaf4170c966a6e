/**
 * KPI status for many projects at once, as SQL fragments other areas compose into their own
 * statements (governance's rules and rating, the portfolio view). They need, before them, an
 * `active_projects (organisation_id, project_id)` CTE and the as-of date as `$2`.
 */
/**
 * The KPI evaluation of ./evaluation.ts in SQL, with the same float8 arithmetic so the
 * two agree to the bit (a test checks them against each other).
 */
/** Whether KPI `k` can be judged against a line: unit, baseline, target, dates in order, a target unlike the baseline. */
const MEASURABLE = `(k.unit IS NOT NULL AND btrim(k.unit) <> '' AND k.baseline_value IS NOT NULL AND k.baseline_date IS NOT NULL
          AND k.target_value IS NOT NULL AND k.target_date IS NOT NULL AND k.target_date > k.baseline_date
          AND k.target_value <> k.baseline_value)`;
/** Stale on `day`: the last reading (or the KPI's creation) older than its frequency plus 15 days. */
const staleOn = (b: string, day: string) =>
  `(${day} - coalesce(${b}.latest_on, (${b}.created_at AT TIME ZONE 'UTC')::date)) > (CASE ${b}.frequency WHEN 'monthly' THEN 31 ELSE 92 END + 15)`;
/** Progress to the target, and the progress expected on `day` along the straight line (guarded by measurable). */
const progressOf = (kb: string) => `CASE WHEN ${kb}.measurable THEN ((${kb}.latest_value - ${kb}.baseline_value::float8) / (${kb}.target_value::float8 - ${kb}.baseline_value::float8)) * 100 END`;
const expectedOn = (kb: string, day: string) =>
  `CASE WHEN ${kb}.measurable THEN least(100, greatest(0, ((${day} - ${kb}.baseline_date)::float8 / (${kb}.target_date - ${kb}.baseline_date)::float8) * 100)) END`;
const statusOf = (b: string, expected: string, progress: string) => `CASE WHEN NOT ${b}.measurable THEN 'not_measurable'
              WHEN ${b}.latest_value IS NULL THEN 'no_data'
              ELSE CASE WHEN ${expected} - ${progress} <= 0 THEN 'on_track'
                        WHEN ${expected} - ${progress} <= ${b}.tolerance THEN 'at_risk'
                        ELSE 'off_track' END END`;

export const KPI_BASE_STATUS_CTE = `
kpi_base AS (
  SELECT k.organisation_id, k.project_id, k.id AS kpi_id, k.name, k.unit, k.frequency, k.tolerance_pct::float8 AS tolerance,
         k.baseline_value, k.baseline_date, k.target_value, k.target_date, k.created_at,
         ${MEASURABLE} AS measurable,
         coalesce(m.measured_on, l.measured_on) AS latest_on, coalesce(m.value, l.value)::float8 AS latest_value
    FROM kpis k
    JOIN active_projects ap ON ap.organisation_id = k.organisation_id AND ap.project_id = k.project_id
    -- The kept latest (migration 1763800009100) answers unless it is after the as-of date; only then
    -- is the measurement index probed (the gating condition skips the probe for every other KPI).
    LEFT JOIN kpi_latest_measurements l ON l.organisation_id = k.organisation_id AND l.kpi_id = k.id AND l.measured_on <= $2::date
    LEFT JOIN LATERAL (
      SELECT mm.measured_on, mm.value FROM kpi_measurements mm
       WHERE l.kpi_id IS NULL AND mm.organisation_id = k.organisation_id AND mm.kpi_id = k.id AND mm.measured_on <= $2::date
       ORDER BY mm.measured_on DESC LIMIT 1) m ON true
   WHERE k.status = 'active'
),
-- Materialised: inlined into the roll-up, each count's filter evaluated the status expression again.
kpi_status AS MATERIALIZED (
  SELECT b.*,
         ${staleOn('b', '$2::date')} AS stale,
         ${statusOf('b', 'b.expected', 'b.progress')} AS status
    -- Progress and expected progress inline (guarded by measurable, so no division by zero): a
    -- LATERAL per KPI for them cost a second at full size.
    FROM (SELECT kb.*,
                 ${progressOf('kb')} AS progress,
                 ${expectedOn('kb', '$2::date')} AS expected
            FROM kpi_base kb) b
)`;

/**
 * Projects of organisation $1 with an active KPI whose status or staleness on `to` may differ from
 * `from` (an earlier day) with no write in between: the expected progress and the age of the last
 * reading move with the calendar. Both days are judged with the expressions above (exact, not
 * approximated by a crossing date); a reading dated after `from` (it was not visible then) counts
 * too. A superset is fine: the caller re-judges these projects.
 */
// OFFSET 0 keeps each level a level: pulled up into the filter, progress and the expected progress
// were evaluated again in every branch of both statuses (eight times a KPI, most of the selection's time).
export const kpiStatusMovedSql = (from: string, to: string): string => `
  SELECT DISTINCT b.organisation_id, b.project_id FROM (
    SELECT kp.*, ${expectedOn('kp', from)} AS expected_from, ${expectedOn('kp', to)} AS expected_to FROM (
      SELECT kb.*, ${progressOf('kb')} AS progress FROM (
        SELECT k.organisation_id, k.project_id, k.frequency, k.tolerance_pct::float8 AS tolerance, k.baseline_value, k.baseline_date, k.target_value, k.target_date,
               k.created_at, ${MEASURABLE} AS measurable, l.measured_on AS latest_on, l.value::float8 AS latest_value
          FROM kpis k
          LEFT JOIN kpi_latest_measurements l ON l.organisation_id = k.organisation_id AND l.kpi_id = k.id
         WHERE k.organisation_id = $1 AND k.status = 'active') kb
      OFFSET 0) kp
    OFFSET 0) b
   WHERE b.latest_on > ${from}
      OR ${staleOn('b', from)} IS DISTINCT FROM ${staleOn('b', to)}
      OR ${statusOf('b', 'b.expected_from', 'b.progress')} IS DISTINCT FROM ${statusOf('b', 'b.expected_to', 'b.progress')}`;

/** KPI counts by status per project (from kpi_status). */
export const KPI_ROLLUP_CTE = `
kpi_rollup AS (
  SELECT organisation_id, project_id,
         count(*) AS total,
         count(*) FILTER (WHERE measurable) AS measurable,
         count(*) FILTER (WHERE status = 'on_track') AS on_track,
         count(*) FILTER (WHERE status = 'at_risk') AS at_risk,
         count(*) FILTER (WHERE status = 'off_track') AS off_track,
         count(*) FILTER (WHERE status = 'no_data') AS no_data,
         count(*) FILTER (WHERE status = 'not_measurable') AS not_measurable,
         count(*) FILTER (WHERE stale) AS stale
    FROM kpi_status GROUP BY organisation_id, project_id
)`;

export const KPI_STATUS_CTE = `${KPI_BASE_STATUS_CTE},
${KPI_ROLLUP_CTE}`;

/** Active KPIs with a unit, baseline, target and dates (the same test as kpi_base's measurable): organisation_id, kpi_id, project_id, name. */
export const MEASURABLE_KPIS_SQL = `(SELECT k.organisation_id, k.id AS kpi_id, k.project_id, k.name FROM kpis k
   WHERE ($1::uuid IS NULL OR k.organisation_id = $1::uuid) AND k.status = 'active'
     AND k.unit IS NOT NULL AND btrim(k.unit) <> '' AND k.baseline_value IS NOT NULL AND k.baseline_date IS NOT NULL
     AND k.target_value IS NOT NULL AND k.target_date IS NOT NULL AND k.target_date > k.baseline_date AND k.target_value <> k.baseline_value)`;

/** Each KPI's value per month: its last measurement in that month (organisation_id, kpi_id, period "YYYY-MM", measured_on, value). */
export const KPI_MONTHLY_VALUES_SQL = `(SELECT DISTINCT ON (m.organisation_id, m.kpi_id, to_char(m.measured_on, 'YYYY-MM'))
          m.organisation_id, m.kpi_id, to_char(m.measured_on, 'YYYY-MM') AS period, m.measured_on, m.value
     FROM kpi_measurements m WHERE ($1::uuid IS NULL OR m.organisation_id = $1::uuid)
    ORDER BY m.organisation_id, m.kpi_id, to_char(m.measured_on, 'YYYY-MM'), m.measured_on DESC)`;
