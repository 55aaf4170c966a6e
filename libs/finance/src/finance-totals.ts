import { TenantTx } from '@app/platform';

export interface ProjectFinance {
  budget: string;
  spent: string;
  /** The latest forecast outturn, or spent to date when the project has none. */
  forecast: string;
  forecastSource: 'forecast' | 'spent';
  /** forecast - budget: positive means heading over budget. */
  variance: string;
  /** variance as a percentage of budget, one decimal place; null without a budget. */
  variancePct: string | null;
  smeSpent: string;
  /** SME share of spend, one decimal place; null when nothing is spent. */
  smeSharePct: string | null;
}

export interface ProjectFinanceRow extends ProjectFinance {
  projectId: string;
  programmeId: string;
}

/**
 * Budget, spend, forecast and variance per project for one financial year, in ONE statement over
 * budgets, the running totals (never the ledger itself) and the latest forecast per project. The
 * portfolio view and governance call this; money stays numeric in SQL and text in JavaScript.
 */
export const PROJECT_FINANCE_SQL = `
  WITH p AS (
    SELECT id, programme_id FROM projects WHERE organisation_id = $1 AND ($3::uuid IS NULL OR programme_id = $3::uuid)
  ), b AS (
    SELECT project_id, sum(amount) AS budget FROM budgets WHERE organisation_id = $1 AND financial_year = $2 GROUP BY project_id
  ), s AS (
    SELECT project_id, sum(total) AS spent, sum(sme_total) AS sme FROM spend_totals WHERE organisation_id = $1 AND financial_year = $2 GROUP BY project_id
  ), f AS (
    SELECT DISTINCT ON (project_id) project_id, amount AS forecast FROM forecasts
     WHERE organisation_id = $1 AND financial_year = $2 ORDER BY project_id, as_of DESC, created_at DESC, id DESC
  )
  SELECT p.id AS project_id, p.programme_id, coalesce(b.budget, 0)::numeric(17,2) AS budget, coalesce(s.spent, 0)::numeric(17,2) AS spent,
         coalesce(s.sme, 0)::numeric(17,2) AS sme, coalesce(f.forecast, s.spent, 0)::numeric(17,2) AS forecast, f.forecast IS NOT NULL AS has_forecast
    FROM p LEFT JOIN b ON b.project_id = p.id LEFT JOIN s ON s.project_id = p.id LEFT JOIN f ON f.project_id = p.id`;

/** Adds variance, percentages and text money to rows of (budget, spent, sme, forecast). */
export const FINANCE_FIGURES_SQL = (source: string) => `
  SELECT x.*, (x.forecast - x.budget)::numeric(17,2)::text AS variance,
         CASE WHEN x.budget = 0 THEN NULL ELSE round((x.forecast - x.budget) * 100 / x.budget, 1)::text END AS variance_pct,
         CASE WHEN x.spent <= 0 THEN NULL ELSE round(x.sme * 100 / x.spent, 1)::text END AS sme_share_pct,
         x.budget::text AS budget_text, x.spent::text AS spent_text, x.sme::text AS sme_text, x.forecast::text AS forecast_text
    FROM (${source}) x`;

export interface FinanceFiguresRow {
  project_id: string;
  programme_id: string;
  has_forecast: boolean;
  budget_text: string;
  spent_text: string;
  sme_text: string;
  forecast_text: string;
  variance: string;
  variance_pct: string | null;
  sme_share_pct: string | null;
}

export const toProjectFinance = (r: FinanceFiguresRow): ProjectFinance => ({
  budget: r.budget_text,
  spent: r.spent_text,
  forecast: r.forecast_text,
  forecastSource: r.has_forecast ? 'forecast' : 'spent',
  variance: r.variance,
  variancePct: r.variance_pct,
  smeSpent: r.sme_text,
  smeSharePct: r.sme_share_pct,
});

export const FinanceTotals = {
  /** Every project of the organisation (optionally one programme) for a financial year: one SQL statement. */
  async byProject(tx: TenantTx, financialYear: string, programmeId: string | null = null): Promise<Map<string, ProjectFinance>> {
    const rows = await tx.query<FinanceFiguresRow>(FINANCE_FIGURES_SQL(PROJECT_FINANCE_SQL), [tx.organisationId, financialYear, programmeId]);
    return new Map(rows.map((r) => [r.project_id, toProjectFinance(r)]));
  },
};
