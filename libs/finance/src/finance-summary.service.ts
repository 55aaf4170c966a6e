import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem } from '@app/platform';
import { commitmentsWithDrawdownSql } from './commitment.queries';
import { FINANCE_FIGURES_SQL, FinanceFiguresRow, PROJECT_FINANCE_SQL, ProjectFinance, toProjectFinance } from './finance-totals';
import { financialYearOf } from './financial-year';
import { startMonthOf } from './spend.queries';
import { ENTRY_SME_STATUS_SQL } from './supplier.queries';

/** One figure split into capital and resource (revenue). */
export interface CategorySplit {
  capital: string;
  resource: string;
}

export interface SummaryFigures extends ProjectFinance {
  budgetSplit: CategorySplit;
  spentSplit: CategorySplit;
  /** Commitments of the year not yet drawn down by spend. */
  committed: string;
  committedSplit: CategorySplit;
  /** budget - spent - committed. */
  remaining: string;
  /** What the year is heading for: the larger of the forecast and spent + committed (what governance checks against the budget). */
  outturn: string;
  /** Credit notes in the year (negative; already netted into spent), and journals (either sign). */
  creditNotes: string;
  journals: string;
  /** Spend whose supplier is known not to be an SME, and spend whose SME status nobody has given. */
  notSmeSpent: string;
  smeUnknownSpent: string;
  /** Share of spend with unknown SME status, one decimal place; null when nothing is spent. smeSharePct is over known spend only. */
  smeUnknownPct: string | null;
}

export interface FinanceSummary {
  financialYear: string;
  projects: (SummaryFigures & { projectId: string; code: string; name: string; programmeId: string })[];
  programmes: (SummaryFigures & { programmeId: string; code: string; name: string })[];
}

const SUMMED = ['budget', 'spent', 'forecast', 'budget_capital', 'spent_capital', 'committed', 'committed_capital', 'credit_notes', 'journals', 'sme', 'not_sme', 'sme_unknown'] as const;

type SummaryRow = FinanceFiguresRow & { level: 'project' | 'programme'; code: string; name: string } & Record<(typeof SUMMED)[number] | 'remaining' | 'outturn' | 'sme_unknown_pct' | 'budget_resource' | 'spent_resource' | 'committed_resource', string | null>;

/**
 * Budget, spent, committed, forecast and remaining per project and programme, each split into
 * capital and resource, with credit notes, journals and SME share from what is known: one set-based
 * statement that computes projects and rolls them up to programmes (a programme's forecast is the
 * sum of its projects' forecasts, each falling back to spend to date).
 */
@Injectable()
export class FinanceSummaryService {
  constructor(private readonly db: Db) {}

  summary(actor: Actor, query: { financialYear?: string; programmeId?: string }): Promise<FinanceSummary> {
    return this.db.tenant(actor, async (tx) => {
      const financialYear = query.financialYear ?? financialYearOf(new Date(), await startMonthOf(tx));
      if (query.programmeId) {
        const found = await tx.query(`SELECT 1 FROM programmes WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, query.programmeId]);
        if (!found.length) throw Problem.notFound('programme');
      }
      const rows = await tx.query<SummaryRow>(
        `WITH pf AS (${PROJECT_FINANCE_SQL}),
         bc AS (SELECT project_id, sum(amount) AS amount FROM budgets WHERE organisation_id = $1 AND financial_year = $2 AND category = 'capital' GROUP BY project_id),
         sc AS (SELECT project_id, sum(total) AS amount FROM spend_totals WHERE organisation_id = $1 AND financial_year = $2 AND category = 'capital' GROUP BY project_id),
         led AS (
           SELECT x.project_id, sum(x.amount) FILTER (WHERE x.kind = 'credit_note') AS credit_notes, sum(x.amount) FILTER (WHERE x.kind = 'journal') AS journals,
                  sum(x.amount) FILTER (WHERE x.sme = 'sme') AS sme, sum(x.amount) FILTER (WHERE x.sme = 'not_sme') AS not_sme, sum(x.amount) FILTER (WHERE x.sme = 'unknown') AS sme_unknown
             FROM (SELECT e.project_id, e.amount, e.kind, ${ENTRY_SME_STATUS_SQL} AS sme
                     FROM spend_entries e LEFT JOIN suppliers s ON s.organisation_id = e.organisation_id AND s.id = e.supplier_id
                    WHERE e.organisation_id = $1 AND e.financial_year = $2) x
            GROUP BY x.project_id
         ),
         cm AS (
           SELECT project_id, sum(outstanding) AS committed, sum(outstanding) FILTER (WHERE category = 'capital') AS committed_capital
             FROM (${commitmentsWithDrawdownSql('c.organisation_id = $1 AND c.financial_year = $2')}) x GROUP BY project_id
         ),
         projects_figures AS (
           SELECT pf.project_id, pf.programme_id, pf.budget, pf.spent, pf.forecast, pf.has_forecast,
                  coalesce(bc.amount, 0) AS budget_capital, coalesce(sc.amount, 0) AS spent_capital,
                  coalesce(cm.committed, 0) AS committed, coalesce(cm.committed_capital, 0) AS committed_capital,
                  coalesce(led.credit_notes, 0) AS credit_notes, coalesce(led.journals, 0) AS journals,
                  coalesce(led.sme, 0) AS sme, coalesce(led.not_sme, 0) AS not_sme, coalesce(led.sme_unknown, 0) AS sme_unknown
             FROM pf LEFT JOIN bc ON bc.project_id = pf.project_id LEFT JOIN sc ON sc.project_id = pf.project_id
                     LEFT JOIN led ON led.project_id = pf.project_id LEFT JOIN cm ON cm.project_id = pf.project_id
         ),
         figures AS (
           SELECT 'project' AS level, p.* FROM projects_figures p
           UNION ALL
           SELECT 'programme', NULL, p.programme_id, ${SUMMED.slice(0, 3).map((c) => `sum(p.${c})`).join(', ')}, bool_or(p.has_forecast), ${SUMMED.slice(3).map((c) => `sum(p.${c})`).join(', ')}
             FROM projects_figures p GROUP BY p.programme_id
         )
         SELECT f.*, coalesce(pr.code, pg.code) AS code, coalesce(pr.name, pg.name) AS name,
                ${SUMMED.slice(3).map((c) => `f.${c}::numeric(17,2)::text AS ${c}`).join(', ')},
                (f.budget - f.budget_capital)::numeric(17,2)::text AS budget_resource, (f.spent - f.spent_capital)::numeric(17,2)::text AS spent_resource,
                (f.committed - f.committed_capital)::numeric(17,2)::text AS committed_resource,
                (f.budget - f.spent - f.committed)::numeric(17,2)::text AS remaining,
                greatest(f.forecast, f.spent + f.committed)::numeric(17,2)::text AS outturn,
                CASE WHEN f.sme + f.not_sme <= 0 THEN NULL ELSE round(f.sme * 100 / (f.sme + f.not_sme), 1)::text END AS sme_share_pct_known,
                CASE WHEN f.spent <= 0 THEN NULL ELSE round(f.sme_unknown * 100 / f.spent, 1)::text END AS sme_unknown_pct
           FROM (${FINANCE_FIGURES_SQL('SELECT * FROM figures')}) f
           LEFT JOIN projects pr ON pr.organisation_id = $1 AND pr.id = f.project_id
           LEFT JOIN programmes pg ON pg.organisation_id = $1 AND pg.id = f.programme_id AND f.level = 'programme'
          ORDER BY f.level DESC, code`,
        [tx.organisationId, financialYear, query.programmeId ?? null],
      );
      const figures = (r: SummaryRow & { sme_share_pct_known?: string | null }): SummaryFigures => ({
        ...toProjectFinance(r),
        // SME share counts only spend whose status is known: unknown is not "no".
        smeSpent: r.sme as string,
        smeSharePct: r.sme_share_pct_known ?? null,
        budgetSplit: { capital: r.budget_capital as string, resource: r.budget_resource as string },
        spentSplit: { capital: r.spent_capital as string, resource: r.spent_resource as string },
        committed: r.committed as string,
        committedSplit: { capital: r.committed_capital as string, resource: r.committed_resource as string },
        remaining: r.remaining as string,
        outturn: r.outturn as string,
        creditNotes: r.credit_notes as string,
        journals: r.journals as string,
        notSmeSpent: r.not_sme as string,
        smeUnknownSpent: r.sme_unknown as string,
        smeUnknownPct: r.sme_unknown_pct,
      });
      return {
        financialYear,
        projects: rows.filter((r) => r.level === 'project').map((r) => ({ projectId: r.project_id, code: r.code, name: r.name, programmeId: r.programme_id, ...figures(r) })),
        programmes: rows.filter((r) => r.level === 'programme').map((r) => ({ programmeId: r.programme_id, code: r.code, name: r.name, ...figures(r) })),
      };
    });
  }
}
