/**
 * Commitments with their drawdown: the spend (net of credit notes and reversals) recorded on the
 * same project with the same order number, in any year. Outstanding is what is committed and not yet
 * drawn, never below zero (an order overspent is spend, not a negative commitment). `where` filters
 * the commitments `c`; `$1` is the organisation. `asOf`, when given, is an SQL date expression:
 * only commitments made and spend dated by then count.
 */
export const commitmentsWithDrawdownSql = (where: string, asOf: string | null = null): string => `
  SELECT c.*, coalesce(d.drawn, 0)::numeric(17,2) AS drawn, greatest(c.amount - coalesce(d.drawn, 0), 0)::numeric(17,2) AS outstanding
    FROM commitments c
    LEFT JOIN LATERAL (SELECT sum(e.amount) AS drawn FROM spend_entries e
                        WHERE e.organisation_id = c.organisation_id AND e.project_id = c.project_id AND e.order_number = c.order_number
                          ${asOf ? `AND e.spent_on <= ${asOf}` : ''}) d ON true
   WHERE ${where} ${asOf ? `AND c.committed_on <= ${asOf}` : ''}`;
