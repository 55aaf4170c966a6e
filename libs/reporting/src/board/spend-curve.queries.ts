import { TenantTx } from '@app/platform';
import { financialYearOf, financialYearRange } from '@app/finance';

export interface SpendCurve {
  financialYear: string;
  start: string;
  end: string;
  budget: string;
  forecast: { amount: string; asOf: string } | null;
  /** Every month of the year; `cumulative` is null for months that have not started. */
  months: { month: string; spent: string; cumulative: string | null }[];
}

/** Monthly spend of one project over a financial year and its running total, summed in SQL (reversals included). */
const SPEND_BY_MONTH_SQL = `
WITH months AS (
  SELECT to_char(m, 'YYYY-MM') AS month FROM generate_series($3::date, $4::date, interval '1 month') m
), spend AS (
  SELECT to_char(spent_on, 'YYYY-MM') AS month, sum(amount) AS spent
    FROM spend_entries
   WHERE organisation_id = $1 AND project_id = $2 AND spent_on BETWEEN $3::date AND $4::date
   GROUP BY 1
)
SELECT months.month, coalesce(spend.spent, 0)::numeric(17,2)::text AS spent,
       CASE WHEN months.month <= $5 THEN (sum(coalesce(spend.spent, 0)) OVER (ORDER BY months.month))::numeric(17,2)::text END AS cumulative
  FROM months LEFT JOIN spend USING (month)
 ORDER BY months.month`;

/** Cumulative spend against budget and the latest forecast for the financial year containing `today`. */
export async function loadSpendCurve(tx: TenantTx, projectId: string, today: string): Promise<SpendCurve> {
  const [org] = await tx.query<{ start_month: number }>(`SELECT financial_year_start_month AS start_month FROM organisations WHERE id = $1`, [tx.organisationId]);
  const financialYear = financialYearOf(today, org.start_month);
  const { start, end } = financialYearRange(financialYear, org.start_month);
  // One after another: a transaction is one connection, and pg@9 refuses overlapping queries on it.
  const months = await tx.query<{ month: string; spent: string; cumulative: string | null }>(SPEND_BY_MONTH_SQL, [tx.organisationId, projectId, start, end, today.slice(0, 7)]);
  const [budget] = await tx.query<{ amount: string }>(
    `SELECT coalesce(sum(amount), 0)::numeric(17,2)::text AS amount FROM budgets WHERE organisation_id = $1 AND project_id = $2 AND financial_year = $3`,
    [tx.organisationId, projectId, financialYear],
  );
  const [forecast] = await tx.query<{ amount: string; as_of: string }>(
    `SELECT amount::text AS amount, as_of::text AS as_of FROM forecasts WHERE organisation_id = $1 AND project_id = $2 AND financial_year = $3
      ORDER BY as_of DESC, created_at DESC LIMIT 1`,
    [tx.organisationId, projectId, financialYear],
  );
  return { financialYear, start, end, budget: budget.amount, forecast: forecast ? { amount: forecast.amount, asOf: forecast.as_of } : null, months };
}
