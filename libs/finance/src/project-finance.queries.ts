import { commitmentsWithDrawdownSql } from './commitment.queries';

/**
 * Finance SQL that other areas compose into their own statements. The finance tables are read
 * only here and in this area's services.
 */

/**
 * Budget, spend (net of credit notes), commitments outstanding and the latest forecast per project
 * for the financial year containing the as-of date ($2), and the exposure the rules judge against the
 * budget: the largest of spend, the forecast and spend plus commitments outstanding (an order placed
 * is money the year will spend, whatever an old forecast says). Today's view reads the kept running
 * totals; a past date (`historical`) sums the dated ledger up to it and takes the latest forecast
 * and the commitments made by then. Needs, before it, `active_projects (organisation_id,
 * project_id)` and `thresholds (organisation_id, current_fy)` CTEs.
 */
export const projectFinanceCte = (historical: boolean): string => `
project_finance AS (
  SELECT ap.organisation_id, ap.project_id, t.current_fy,
         coalesce(b.amount, 0) AS budget, coalesce(s.total, 0) AS spent, f.amount AS forecast, coalesce(c.outstanding, 0) AS committed,
         greatest(coalesce(s.total, 0), coalesce(f.amount, 0), coalesce(s.total, 0) + coalesce(c.outstanding, 0)) AS exposure
    FROM active_projects ap
    JOIN thresholds t ON t.organisation_id = ap.organisation_id
    LEFT JOIN LATERAL (SELECT sum(amount) AS amount FROM budgets
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy) b ON true
    LEFT JOIN LATERAL (${
      historical
        ? `SELECT sum(amount) AS total FROM spend_entries
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy AND spent_on <= $2::date`
        : `SELECT sum(total) AS total FROM spend_totals
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy`
    }) s ON true
    LEFT JOIN LATERAL (SELECT amount FROM forecasts
                        WHERE organisation_id = ap.organisation_id AND project_id = ap.project_id AND financial_year = t.current_fy
                          ${historical ? 'AND as_of <= $2::date' : ''}
                        ORDER BY as_of DESC, created_at DESC LIMIT 1) f ON true
    LEFT JOIN LATERAL (SELECT sum(x.outstanding) AS outstanding
                         FROM (${commitmentsWithDrawdownSql('c.organisation_id = ap.organisation_id AND c.project_id = ap.project_id AND c.financial_year = t.current_fy', historical ? '$2::date' : null)}) x) c ON true
)`;

export const PROJECT_FINANCE_CTE = projectFinanceCte(false);

/**
 * The spend of one project in one calendar month, as a subquery over the aliases the caller names
 * (organisation id, project id and the month's first day).
 */
export const spendInMonthSql = (organisationId: string, projectId: string, monthStart: string): string => `
      SELECT sum(e.amount) AS total FROM spend_entries e
       WHERE e.organisation_id = ${organisationId} AND e.project_id = ${projectId}
         AND e.spent_on >= ${monthStart} AND e.spent_on < (${monthStart} + interval '1 month')::date`;
