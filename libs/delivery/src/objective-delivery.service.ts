import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor, currentPeriod, Db, Problem } from '@app/platform';
import { ObjectiveEntity, ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { KpiEntity } from '@app/kpis';
import { BenefitsService } from './benefits.service';
import { BenefitsSummaryView } from './benefit.views';

export interface ObjectiveDeliveryView {
  objective: { id: string; code: string; title: string };
  period: string;
  programmes: { id: string; code: string; name: string; status: string; projects: number }[];
  kpis: { id: string; projectId: string; name: string; unit: string | null }[];
  benefits: BenefitsSummaryView;
  /** Realised to date as a percent of every benefit's planned total (money kinds), one decimal; null with nothing planned. */
  realisedPctOfPlannedTotal: number | null;
}

/** What a strategic objective is delivering: its programmes, the KPIs of their projects, its benefits planned against realised. */
@Injectable()
export class ObjectiveDeliveryService {
  constructor(
    private readonly db: Db,
    private readonly benefits: BenefitsService,
  ) {}

  view(actor: Actor, objectiveId: string, period?: string): Promise<ObjectiveDeliveryView> {
    return this.db.tenant(actor, async (tx) => {
      const objective = await tx.findOne(ObjectiveEntity, { id: objectiveId });
      if (!objective) throw Problem.notFound('objective');
      const programmes = await tx.find(ProgrammeEntity, { where: { objectiveId }, order: { code: 'ASC' } });
      const projects = programmes.length ? await tx.find(ProjectEntity, { where: { programmeId: In(programmes.map((g) => g.id)) } }) : [];
      const kpis = projects.length ? await tx.find(KpiEntity, { where: { projectId: In(projects.map((p) => p.id)), status: 'active' }, order: { name: 'ASC' } }) : [];
      const benefits = await this.benefits.summaryWithin(tx, { type: 'objective', id: objectiveId }, period ?? currentPeriod());
      const total = Number(benefits.totals.plannedTotal);
      return {
        objective: { id: objective.id, code: objective.code, title: objective.title },
        period: benefits.period,
        programmes: programmes.map((g) => ({ id: g.id, code: g.code, name: g.name, status: g.status, projects: projects.filter((p) => p.programmeId === g.id).length })),
        kpis: kpis.map((k) => ({ id: k.id, projectId: k.projectId, name: k.name, unit: k.unit })),
        benefits,
        realisedPctOfPlannedTotal: total === 0 ? null : Math.round((Number(benefits.totals.realisedToDate) * 1000) / total) / 10,
      };
    });
  }
}
