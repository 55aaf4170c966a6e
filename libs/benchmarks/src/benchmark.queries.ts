import { organisationOutsideExpertiseSql } from '@app/finance';
import { ruleCoverageByOrganisationSql } from '@app/governance';
import { organisationKpiValuesSql } from '@app/kpis';

/**
 * Each organisation's own figure per measure (organisation_id, metric, kind, value), for the
 * organisations in an array expression ($1 here), as of a date ($2). Composed from the owning
 * areas' fragments. The worker runs it over every opted-in organisation; a tenant runs it over its
 * own id only, inside its own transaction (row-level security binds it there too).
 */
export const organisationFiguresSql = (organisations = '$1::uuid[]', asOf = '$2::date'): string => `
  WITH coverage AS (${ruleCoverageByOrganisationSql(organisations)})
  SELECT organisation_id, 'governance_coverage'::text AS metric, rule::text AS kind, passing_pct::numeric AS value FROM coverage
  UNION ALL
  SELECT organisation_id, 'optimism_gap_rate', '', 100 - passing_pct FROM coverage WHERE rule = 'optimism_gap'
  UNION ALL
  SELECT organisation_id, 'kpi', kind::text, value FROM (${organisationKpiValuesSql(organisations)}) k
  UNION ALL
  SELECT organisation_id, 'outside_expertise_share', '', round(outside * 100 / (outside + staff), 2)
    FROM (${organisationOutsideExpertiseSql(organisations, `(${asOf} - interval '12 months')::date + 1`, asOf)}) x
   WHERE outside + staff > 0`;

/**
 * A quartile of each group, interpolated like percentile_cont but in numeric (percentile_cont
 * works in double precision, and cost per transaction is money): position q * (n - 1) in the
 * ordered values, between the values either side of it. Needs columns i (0-based rank) and n.
 */
const quartile = (q: string): string => `
  round(sum(CASE WHEN i = floor(${q} * (n - 1)) THEN value * (1 - (${q} * (n - 1) - floor(${q} * (n - 1))))
                 WHEN i = floor(${q} * (n - 1)) + 1 THEN value * (${q} * (n - 1) - floor(${q} * (n - 1)))
                 ELSE 0 END), 2)`;

/**
 * The figures of a run ($1 run id, $2 as-of date, $3 the opted-in organisations, $4 the minimum
 * group): one row per measure that at least $4 organisations contribute to, and no breakdown below
 * that (measures are never crossed with one another or with any attribute of the organisations).
 */
export const FIGURES_SELECT_SQL = `
  WITH own AS (${organisationFiguresSql('$3::uuid[]', '$2::date')}),
  ranked AS (
    SELECT metric, kind, value,
           (row_number() OVER (PARTITION BY metric, kind ORDER BY value) - 1)::numeric AS i,
           count(*) OVER (PARTITION BY metric, kind)::numeric AS n
      FROM own)
  SELECT $1::uuid AS run_id, metric, kind, max(n)::int AS contributors, ${quartile('0.25')} AS lower_quartile, ${quartile('0.5')} AS median, ${quartile('0.75')} AS upper_quartile
    FROM ranked GROUP BY metric, kind HAVING max(n) >= $4::int`;

/** Publishes a run's figures (the parameters of FIGURES_SELECT_SQL). */
export const PUBLISH_FIGURES_SQL = `INSERT INTO benchmark_figures (run_id, metric, kind, contributors, lower_quartile, median, upper_quartile) ${FIGURES_SELECT_SQL}`;
