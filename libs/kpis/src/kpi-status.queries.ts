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

/**
 * The first day after `day` on which the KPI's status or staleness will differ from `day`'s with no
 * new reading (NULL: never). The status moves only one way as the expected line rises (on track, at
 * risk, off track): the line passes the progress (at risk) and then the progress plus the tolerance
 * (off track). `near` is the day that happens worked out by division (the `*_near` columns); the
 * status expression itself on the day before and the day decides which it is, so the day is exact
 * to the bit, as the status is. Staleness starts on an exact day.
 */
const near = (b: string, pct: string) => `CASE WHEN ${b}.measurable AND ${b}.latest_value IS NOT NULL AND ${pct} >= 0 AND ${pct} < 100
           THEN ${b}.baseline_date + (floor(${pct} * (${b}.target_date - ${b}.baseline_date)::float8 / 100)::int + 1) END`;
const passes = (c: string, nearDay: string, bound: string) => `CASE WHEN ${nearDay} IS NULL THEN NULL
           WHEN ${expectedOn(c, `${nearDay} - 1`)} - ${c}.progress > ${bound} THEN ${nearDay} - 1
           WHEN ${expectedOn(c, nearDay)} - ${c}.progress > ${bound} THEN ${nearDay} ELSE ${nearDay} + 1 END`;
const after = (day: string, expr: string) => `CASE WHEN ${expr} > ${day} THEN ${expr} END`;
const nextChangeOn = (c: string, day: string) => {
  const stale = `coalesce(${c}.latest_on, (${c}.created_at AT TIME ZONE 'UTC')::date) + (CASE ${c}.frequency WHEN 'monthly' THEN 31 ELSE 92 END + 16)`;
  return `least(${after(day, stale)}, ${after(day, passes(c, `${c}.at_risk_near`, '0'))}, ${after(day, passes(c, `${c}.off_track_near`, `${c}.tolerance`))})`;
};

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
  SELECT c.*, ${nextChangeOn('c', '$2::date')} AS next_change_on
    FROM (SELECT b.*,
                 ${staleOn('b', '$2::date')} AS stale,
                 ${statusOf('b', 'b.expected', 'b.progress')} AS status,
                 ${near('b', 'b.progress')} AS at_risk_near,
                 ${near('b', '(b.progress + b.tolerance)')} AS off_track_near
            -- Progress and expected progress inline (guarded by measurable, so no division by zero): a
            -- LATERAL per KPI for them cost a second at full size. OFFSET 0 keeps each level a level:
            -- flattened, every reference evaluated them again.
            FROM (SELECT kb.*,
                         ${progressOf('kb')} AS progress,
                         ${expectedOn('kb', '$2::date')} AS expected
                    FROM kpi_base kb OFFSET 0) b
          OFFSET 0) c
)`;

/**
 * Projects of organisation $1 with an active KPI whose latest reading is dated after `from`: a
 * reading dated ahead becomes visible on its day, which the next change day (kpi_status'
 * next_change_on, worked out from the readings visible then) cannot know.
 */
export const kpisReadAfterSql = (from: string): string => `
  SELECT k.organisation_id, k.project_id FROM kpi_latest_measurements l
    JOIN kpis k ON k.organisation_id = l.organisation_id AND k.id = l.kpi_id
   WHERE l.organisation_id = $1 AND l.measured_on > ${from} AND k.status = 'active'`;

/** KPI counts by status per project, and the first day one of its KPIs changes status or staleness (from kpi_status). */
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
         count(*) FILTER (WHERE stale) AS stale,
         min(next_change_on) AS next_change_on
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
