/** The GOV.UK service KPI kinds that benchmarks compare (custom KPIs are not comparable). */
export const BENCHMARK_KPI_KINDS = ['digital_take_up', 'completion_rate', 'user_satisfaction', 'cost_per_transaction'] as const;

/**
 * Each organisation's typical latest value per GOV.UK KPI kind (the median over its active KPIs of
 * that kind, in numeric so cost per transaction never passes through a float), for the
 * organisations in an array expression.
 */
export const organisationKpiValuesSql = (organisations: string): string => `
  SELECT organisation_id, kind, CASE WHEN n % 2 = 1 THEN max(value) FILTER (WHERE i = (n + 1) / 2)
                                     ELSE (max(value) FILTER (WHERE i = n / 2) + max(value) FILTER (WHERE i = n / 2 + 1)) / 2 END AS value
    FROM (SELECT k.organisation_id, k.kind, l.value,
                 row_number() OVER (PARTITION BY k.organisation_id, k.kind ORDER BY l.value) AS i,
                 count(*) OVER (PARTITION BY k.organisation_id, k.kind) AS n
            FROM kpis k JOIN kpi_latest_measurements l ON l.organisation_id = k.organisation_id AND l.kpi_id = k.id
           WHERE k.organisation_id = ANY(${organisations}) AND k.status = 'active'
             AND k.kind IN (${BENCHMARK_KPI_KINDS.map((k) => `'${k}'`).join(', ')})) v
   GROUP BY organisation_id, kind, n`;
