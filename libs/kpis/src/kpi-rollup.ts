import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem, TenantTx } from '@app/platform';
import { evaluateKpi } from './evaluation';
import { EVALUATION_STATUSES, EvaluationStatus } from './kpi.enums';
import { kpiFromRow } from './kpi.model';
import { activeKpisWithLatest, findProject, programmeExists, projectsOfProgramme } from './kpi.queries';

/** KPIs by evaluation status; `stale` counts across statuses (a stale KPI is also counted by its status). */
export type KpiCounts = Record<EvaluationStatus, number> & { stale: number; total: number };

export const emptyKpiCounts = (): KpiCounts => ({ on_track: 0, at_risk: 0, off_track: 0, no_data: 0, not_measurable: 0, stale: 0, total: 0 });

export function addKpiCounts(into: KpiCounts, more: KpiCounts): KpiCounts {
  for (const key of [...EVALUATION_STATUSES, 'stale', 'total'] as const) into[key] += more[key];
  return into;
}

export interface ProjectKpiCounts {
  projectId: string;
  programmeId: string;
  counts: KpiCounts;
}

const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Counts of active KPIs by evaluation status, per project: the numbers the portfolio view shows.
 * One SQL query loads every KPI with its latest measurement on or before `asOf`; each is evaluated
 * by the same pure function as GET /v1/kpis/{id}, so the counts always agree with the KPIs.
 */
@Injectable()
export class KpiRollup {
  constructor(private readonly db: Db) {}

  /**
   * For callers that already hold a tenant transaction (the portfolio view). Projects without
   * active KPIs are absent from the map; use emptyKpiCounts() for them.
   */
  async evaluateForOrganisation(tx: TenantTx, asOf: Date, filter: { projectIds?: string[]; programmeIds?: string[] } = {}): Promise<Map<string, ProjectKpiCounts>> {
    const rows = await activeKpisWithLatest(tx, isoDate(asOf), filter);
    const byProject = new Map<string, ProjectKpiCounts>();
    for (const row of rows) {
      const { kpi, latest } = kpiFromRow(row);
      const evaluation = evaluateKpi(kpi, latest, asOf);
      let entry = byProject.get(kpi.projectId);
      if (!entry) byProject.set(kpi.projectId, (entry = { projectId: kpi.projectId, programmeId: kpi.programmeId, counts: emptyKpiCounts() }));
      entry.counts[evaluation.status]++;
      if (evaluation.stale) entry.counts.stale++;
      entry.counts.total++;
    }
    return byProject;
  }

  /** GET /v1/projects/{id}/kpi-summary */
  projectSummary(actor: Actor, projectId: string, asOf: Date) {
    return this.db.tenant(actor, async (tx) => {
      const project = await findProject(tx, projectId);
      if (!project) throw Problem.notFound('project');
      const counts = (await this.evaluateForOrganisation(tx, asOf, { projectIds: [projectId] })).get(projectId)?.counts ?? emptyKpiCounts();
      return { projectId, programmeId: project.programme_id, asOf: isoDate(asOf), counts };
    });
  }

  /** GET /v1/programmes/{id}/kpi-summary: the programme's totals and each of its projects, KPIs or not. */
  programmeSummary(actor: Actor, programmeId: string, asOf: Date) {
    return this.db.tenant(actor, async (tx) => {
      if (!(await programmeExists(tx, programmeId))) throw Problem.notFound('programme');
      const byProject = await this.evaluateForOrganisation(tx, asOf, { programmeIds: [programmeId] });
      const projects = (await projectsOfProgramme(tx, programmeId)).map((p) => ({ projectId: p.id, code: p.code, name: p.name, counts: byProject.get(p.id)?.counts ?? emptyKpiCounts() }));
      const counts = projects.reduce((sum, p) => addKpiCounts(sum, p.counts), emptyKpiCounts());
      return { programmeId, asOf: isoDate(asOf), counts, projects };
    });
  }
}
