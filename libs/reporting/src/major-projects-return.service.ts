import { Injectable } from '@nestjs/common';
import { Actor, Db } from '@app/platform';
import { periodProjectReportsSql } from '@app/portfolio';
import { WHOLE_LIFE_COST_TOTALS_SQL } from '@app/finance';
import { PROJECT_KEY_DATES_SQL, projectBenefitTotalsSql } from '@app/delivery';
import { MajorProjectsReturn } from './major-projects-return';
import { PortfolioService } from './portfolio.service';

interface DeliveryRow {
  project_id: string;
  title: string | null;
  baseline_date: string | null;
  forecast_date: string | null;
  wlc_baseline: string;
  wlc_forecast: string;
  planned_total: string;
  planned_to_date: string;
  realised_to_date: string;
  narrative: string | null;
}

/**
 * The major-projects return for a period: one line per project, its delivery confidence and
 * finance exactly as the portfolio shows them for that period (the same read), beside its key
 * dates, whole-life cost, benefits and the narrative of its report.
 */
@Injectable()
export class MajorProjectsReturnService {
  constructor(
    private readonly db: Db,
    private readonly portfolio: PortfolioService,
  ) {}

  async build(actor: Actor, period?: string): Promise<MajorProjectsReturn> {
    const view = await this.portfolio.view(actor, { period });
    const projects = view.programmes.flatMap((g) => g.projects.map((p) => ({ g, p })));
    const rows = await this.db.tenant(actor, (tx) =>
      tx.query<DeliveryRow>(
        `SELECT p.id AS project_id, k.title, to_char(k.baseline_date, 'YYYY-MM-DD') AS baseline_date, to_char(k.forecast_date, 'YYYY-MM-DD') AS forecast_date,
                coalesce(w.baseline, 0)::numeric(17,2)::text AS wlc_baseline, coalesce(w.forecast, 0)::numeric(17,2)::text AS wlc_forecast,
                coalesce(b.planned_total, 0)::numeric(17,2)::text AS planned_total, coalesce(b.planned_to_date, 0)::numeric(17,2)::text AS planned_to_date,
                coalesce(b.realised_to_date, 0)::numeric(17,2)::text AS realised_to_date, r.narrative
           FROM projects p
           LEFT JOIN ${PROJECT_KEY_DATES_SQL} k ON k.organisation_id = p.organisation_id AND k.project_id = p.id
           LEFT JOIN ${WHOLE_LIFE_COST_TOTALS_SQL} w ON w.organisation_id = p.organisation_id AND w.project_id = p.id
           LEFT JOIN ${projectBenefitTotalsSql('$2')} b ON b.organisation_id = p.organisation_id AND b.project_id = p.id
           LEFT JOIN ${periodProjectReportsSql('$2')} r ON r.organisation_id = p.organisation_id AND r.project_id = p.id
          WHERE p.organisation_id = $1 AND p.id = ANY($3::uuid[])`,
        [tx.organisationId, view.period, projects.map((x) => x.p.id)],
      ),
    );
    const byId = new Map(rows.map((r) => [r.project_id, r]));
    return {
      period: view.period,
      evidenceAsOf: view.evidenceAsOf,
      lines: projects.map(({ g, p }) => {
        const d = byId.get(p.id) as DeliveryRow;
        return {
          programmeId: g.id, programmeCode: g.code, programmeName: g.name, projectId: p.id, projectCode: p.code, projectName: p.name, phase: p.phase,
          reportedConfidence: p.reported?.rating ?? null, evidenceConfidence: p.evidence?.rating ?? null,
          keyMilestone: d.title, baselineDate: d.baseline_date, forecastDate: d.forecast_date,
          financialYear: p.finance?.financialYear ?? null, budget: p.finance?.budget ?? null, spent: p.finance?.spent ?? null, forecast: p.finance?.forecast ?? null,
          wholeLifeCostBaseline: d.wlc_baseline, wholeLifeCostForecast: d.wlc_forecast,
          benefitsPlannedTotal: d.planned_total, benefitsPlannedToDate: d.planned_to_date, benefitsRealisedToDate: d.realised_to_date,
          narrative: d.narrative,
        };
      }),
    };
  }
}
