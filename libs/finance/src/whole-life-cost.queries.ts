/**
 * Each project's whole-life cost as WholeLifeCostService reads it, for many projects at once (the
 * major-projects return): the latest baseline and forecast per category, a category with no
 * forecast counted at its baseline, added over capital and resource. $1 the organisation (or NULL).
 */
export const WHOLE_LIFE_COST_TOTALS_SQL = `(
  SELECT c.organisation_id, c.project_id, sum(coalesce(c.baseline, 0))::numeric(17,2) AS baseline,
         sum(coalesce(c.forecast, c.baseline, 0))::numeric(17,2) AS forecast
    FROM (SELECT w.organisation_id, w.project_id, w.category,
                 (array_agg(w.amount ORDER BY w.as_of DESC, w.created_at DESC, w.id DESC) FILTER (WHERE w.kind = 'baseline'))[1] AS baseline,
                 (array_agg(w.amount ORDER BY w.as_of DESC, w.created_at DESC, w.id DESC) FILTER (WHERE w.kind = 'forecast'))[1] AS forecast
            FROM whole_life_costs w WHERE ($1::uuid IS NULL OR w.organisation_id = $1::uuid)
           GROUP BY w.organisation_id, w.project_id, w.category) c
   GROUP BY c.organisation_id, c.project_id)`;
