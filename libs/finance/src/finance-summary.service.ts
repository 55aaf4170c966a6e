import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem } from '@app/platform';
import { FINANCE_FIGURES_SQL, FinanceFiguresRow, PROJECT_FINANCE_SQL, ProjectFinance, toProjectFinance } from './finance-totals';
import { financialYearOf } from './financial-year';
import { startMonthOf } from './spend.queries';

export interface FinanceSummary {
  financialYear: string;
  projects: (ProjectFinance & { projectId: string; code: string; name: string; programmeId: string })[];
  programmes: (ProjectFinance & { programmeId: string; code: string; name: string })[];
}

/**
 * Budget against spend and forecast per project and programme: one set-based statement that
 * computes projects and rolls them up to programmes (a programme's forecast is the sum of its
 * projects' forecasts, each falling back to spend to date).
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
      const rows = await tx.query<FinanceFiguresRow & { level: 'project' | 'programme'; code: string; name: string }>(
        `WITH pf AS (${PROJECT_FINANCE_SQL}),
         figures AS (
           SELECT 'project' AS level, pf.project_id, pf.programme_id, pf.budget, pf.spent, pf.sme, pf.forecast, pf.has_forecast FROM pf
           UNION ALL
           SELECT 'programme', NULL, pf.programme_id, sum(pf.budget), sum(pf.spent), sum(pf.sme), sum(pf.forecast), bool_or(pf.has_forecast) FROM pf GROUP BY pf.programme_id
         )
         SELECT f.*, coalesce(pr.code, pg.code) AS code, coalesce(pr.name, pg.name) AS name
           FROM (${FINANCE_FIGURES_SQL('SELECT * FROM figures')}) f
           LEFT JOIN projects pr ON pr.organisation_id = $1 AND pr.id = f.project_id
           LEFT JOIN programmes pg ON pg.organisation_id = $1 AND pg.id = f.programme_id AND f.level = 'programme'
          ORDER BY f.level DESC, code`,
        [tx.organisationId, financialYear, query.programmeId ?? null],
      );
      return {
        financialYear,
        projects: rows.filter((r) => r.level === 'project').map((r) => ({ projectId: r.project_id, code: r.code, name: r.name, programmeId: r.programme_id, ...toProjectFinance(r) })),
        programmes: rows.filter((r) => r.level === 'programme').map((r) => ({ programmeId: r.programme_id, code: r.code, name: r.name, ...toProjectFinance(r) })),
      };
    });
  }
}
