import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor, currentPeriod, Db, Problem, requireIfMatch, TenantTx, updateVersioned } from '@app/platform';
import { placeRecord, requirePerson } from '@app/accountability';
import { ObjectiveEntity, ProjectEntity } from '@app/portfolio';
import { KpiEntity } from '@app/kpis';
import type { BenefitKind } from './delivery.enums';
import { BENEFIT_REALISED_SQL, benefitPositionsSql } from './delivery.queries';
import { BenefitKpiEntity } from './benefit-kpi.entity';
import { BenefitProfileYearEntity } from './benefit-profile-year.entity';
import { BenefitRealisationEntity } from './benefit-realisation.entity';
import { BenefitEntity } from './benefit.entity';
import { BenefitPosition, BenefitsSummaryView, BenefitView } from './benefit.views';

export interface ProfileYear {
  financialYear: string;
  planned: string;
}

export interface NewBenefit {
  title: string;
  kind: BenefitKind;
  unit?: string;
  ownerPersonId: string;
  objectiveId?: string | null;
  baselineValue: string;
  targetValue: string;
  kpiIds?: string[];
  realisationKpiId?: string | null;
  profile?: ProfileYear[];
}

export interface BenefitPatch {
  title?: string;
  ownerPersonId?: string;
  objectiveId?: string | null;
  baselineValue?: string;
  targetValue?: string;
  kpiIds?: string[];
  realisationKpiId?: string | null;
}

export interface NewRealisation {
  period: string;
  amount: string;
  evidence: string;
}

interface PositionRow {
  benefit_id: string;
  planned_total: string;
  planned_to_date: string;
  realised_to_date: string;
  measurable_kpis: number;
}

/** A share for reading, not money: the amounts themselves stay decimal strings. */
const pct = (realised: string, planned: string): number | null => (Number(planned) === 0 ? null : Math.round((Number(realised) * 1000) / Number(planned)) / 10);

/** The benefits register: benefits, the KPIs measuring them, their planned profile and what has been realised. */
@Injectable()
export class BenefitsService {
  constructor(private readonly db: Db) {}

  create(actor: Actor, where: { projectId?: string; programmeId?: string }, input: NewBenefit): Promise<BenefitView> {
    return this.db.tenant(actor, async (tx) => {
      const placement = await placeRecord(tx, where);
      await requirePerson(tx, input.ownerPersonId, 'ownerPersonId');
      const kpiIds = await this.checkKpis(tx, placement, input.kpiIds ?? [], input.realisationKpiId ?? null);
      await this.checkObjective(tx, input.objectiveId ?? null);
      const unit = input.kind === 'non_monetised' ? input.unit : 'GBP';
      if (!unit) throw Problem.validation([{ field: 'unit', message: 'unit is required for a non-monetised benefit (what it is measured in)' }]);
      const row = await tx.insert(BenefitEntity, {
        ...placement, title: input.title, kind: input.kind, unit, ownerPersonId: input.ownerPersonId, objectiveId: input.objectiveId ?? null,
        baselineValue: input.baselineValue, targetValue: input.targetValue, realisationKpiId: input.realisationKpiId ?? null,
      });
      await this.writeKpis(tx, row.id, kpiIds);
      await this.writeProfile(tx, row.id, input.profile ?? []);
      const view = await this.read(tx, row.id);
      await tx.audit({ action: 'benefit.created', entityType: 'benefit', entityId: row.id, after: view });
      return view;
    });
  }

  get(actor: Actor, id: string, period?: string): Promise<BenefitView> {
    return this.db.tenant(actor, (tx) => this.read(tx, id, period));
  }

  update(actor: Actor, id: string, ifMatch: string | undefined, patch: BenefitPatch): Promise<BenefitView> {
    return this.db.tenant(actor, async (tx) => {
      const current = await tx.findOne(BenefitEntity, { id });
      if (!current) throw Problem.notFound('benefit');
      const expectedVersion = requireIfMatch(ifMatch);
      if (patch.ownerPersonId) await requirePerson(tx, patch.ownerPersonId, 'ownerPersonId');
      if (patch.objectiveId !== undefined) await this.checkObjective(tx, patch.objectiveId);
      const before = await this.read(tx, id);
      const kpiIds = patch.kpiIds ?? before.kpiIds;
      const realisationKpiId = patch.realisationKpiId !== undefined ? patch.realisationKpiId : current.realisationKpiId;
      const checked = await this.checkKpis(tx, { programmeId: current.programmeId, projectId: current.projectId }, kpiIds, realisationKpiId);
      const { kpiIds: _ignored, ...columns } = patch;
      void _ignored;
      await updateVersioned(tx, BenefitEntity, id, expectedVersion, columns, { what: 'benefit', entityType: 'benefit', view: (b) => ({ ...b }) });
      if (patch.kpiIds !== undefined || patch.realisationKpiId !== undefined) {
        await tx.query(`DELETE FROM benefit_kpis WHERE organisation_id = $1 AND benefit_id = $2`, [tx.organisationId, id]);
        await this.writeKpis(tx, id, checked);
      }
      const after = await this.read(tx, id);
      await tx.audit({ action: 'benefit.changed', entityType: 'benefit', entityId: id, before, after });
      return after;
    });
  }

  /** Replaces the planned profile (one amount per financial year). */
  setProfile(actor: Actor, id: string, years: ProfileYear[]): Promise<BenefitView> {
    return this.db.tenant(actor, async (tx) => {
      const before = await this.read(tx, id);
      await tx.query(`DELETE FROM benefit_profile_years WHERE organisation_id = $1 AND benefit_id = $2`, [tx.organisationId, id]);
      await this.writeProfile(tx, id, years, 'years');
      const after = await this.read(tx, id);
      await tx.audit({ action: 'benefit.profile_set', entityType: 'benefit', entityId: id, before: { profile: before.profile }, after: { profile: after.profile } });
      return after;
    });
  }

  /** Records a realised amount for a period, with its evidence; a benefit its KPI measures takes its realisation from the KPI. */
  recordRealisation(actor: Actor, id: string, input: NewRealisation): Promise<BenefitView> {
    return this.db.tenant(actor, async (tx) => {
      const benefit = await tx.findOne(BenefitEntity, { id });
      if (!benefit) throw Problem.notFound('benefit');
      if (benefit.realisationKpiId) throw Problem.validation([{ field: 'amount', message: 'this benefit is realised as its KPI measures it: record a measurement of the KPI instead' }]);
      if (input.period > currentPeriod()) throw Problem.validation([{ field: 'period', message: 'period cannot be in the future' }]);
      const row = await tx.insert(BenefitRealisationEntity, { benefitId: id, period: input.period, amount: input.amount, evidence: input.evidence });
      await tx.audit({ action: 'benefit.realisation_recorded', entityType: 'benefit', entityId: id, after: { realisationId: row.id, period: row.period, amount: row.amount, evidence: row.evidence } });
      return this.read(tx, id);
    });
  }

  /** Planned against realised for a project's, a programme's (its own and its projects') or an objective's benefits. */
  summary(actor: Actor, subject: BenefitsSummaryView['subject'], period?: string): Promise<BenefitsSummaryView> {
    return this.db.tenant(actor, async (tx) => {
      if (subject.type === 'objective') {
        if (!(await tx.findOne(ObjectiveEntity, { id: subject.id }))) throw Problem.notFound('objective');
      } else await placeRecord(tx, subject.type === 'project' ? { projectId: subject.id } : { programmeId: subject.id });
      return this.summaryWithin(tx, subject, period ?? currentPeriod());
    });
  }

  /** The same within the caller's transaction (the objective view, the return). */
  async summaryWithin(tx: TenantTx, subject: BenefitsSummaryView['subject'], period: string): Promise<BenefitsSummaryView> {
    // An objective's benefits: those linked to it, and those of its programmes linked to no other.
    const condition = { project: 'b.project_id = $2', programme: 'b.programme_id = $2', objective: 'coalesce(b.objective_id, g.objective_id) = $2' }[subject.type];
    const ids = (
      await tx.query<{ id: string }>(
        `SELECT b.id FROM benefits b JOIN programmes g ON g.organisation_id = b.organisation_id AND g.id = b.programme_id WHERE b.organisation_id = $1 AND ${condition} ORDER BY b.title, b.id`,
        [tx.organisationId, subject.id],
      )
    ).map((r) => r.id);
    const benefits = await this.readMany(tx, ids, period);
    const [totals] = await tx.query<{ planned_total: string; planned_to_date: string; realised_to_date: string }>(
      `SELECT coalesce(sum(x.planned_total), 0)::numeric(17,2)::text AS planned_total, coalesce(sum(x.planned_to_date), 0)::numeric(17,2)::text AS planned_to_date,
              coalesce(sum(x.realised_to_date), 0)::numeric(17,2)::text AS realised_to_date
         FROM ${benefitPositionsSql('$2')} x WHERE x.benefit_id = ANY($3::uuid[]) AND x.kind <> 'non_monetised'`,
      [tx.organisationId, period, ids],
    );
    return { subject, period, totals: position(totals), benefits };
  }

  private async read(tx: TenantTx, id: string, period?: string): Promise<BenefitView> {
    const [view] = await this.readMany(tx, [id], period ?? currentPeriod());
    if (!view) throw Problem.notFound('benefit');
    return view;
  }

  private async readMany(tx: TenantTx, ids: string[], period: string): Promise<BenefitView[]> {
    if (ids.length === 0) return [];
    const rows = await tx.find(BenefitEntity, { where: { id: In(ids) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const kpis = await tx.find(BenefitKpiEntity, { where: { benefitId: In(ids) }, order: { createdAt: 'ASC', kpiId: 'ASC' } });
    const profile = await tx.find(BenefitProfileYearEntity, { where: { benefitId: In(ids) }, order: { financialYear: 'ASC' } });
    const positions = await tx.query<PositionRow>(
      `SELECT x.benefit_id, x.planned_total::text, x.planned_to_date::text, x.realised_to_date::text, x.measurable_kpis FROM ${benefitPositionsSql('$2')} x WHERE x.benefit_id = ANY($3::uuid[])`,
      [tx.organisationId, period, ids],
    );
    const realised = await tx.query<{ benefit_id: string; period: string; amount: string; source: 'kpi' | 'entered'; evidence: string | null }>(
      `SELECT r.benefit_id, r.period, r.amount::numeric(17,2)::text AS amount, r.source, r.evidence FROM ${BENEFIT_REALISED_SQL} r WHERE r.benefit_id = ANY($2::uuid[]) AND r.period <= $3 ORDER BY r.period`,
      [tx.organisationId, ids, period],
    );
    return ids.filter((id) => byId.has(id)).map((id) => {
      const b = byId.get(id) as BenefitEntity;
      const p = positions.find((x) => x.benefit_id === id) as PositionRow;
      return {
        id, programmeId: b.programmeId, projectId: b.projectId, objectiveId: b.objectiveId, title: b.title, kind: b.kind, unit: b.unit, ownerPersonId: b.ownerPersonId,
        baselineValue: b.baselineValue, targetValue: b.targetValue, kpiIds: kpis.filter((k) => k.benefitId === id).map((k) => k.kpiId), realisationKpiId: b.realisationKpiId,
        measurableKpis: p.measurable_kpis,
        profile: profile.filter((y) => y.benefitId === id).map((y) => ({ financialYear: y.financialYear, planned: y.planned })),
        realised: realised.filter((r) => r.benefit_id === id).map((r) => ({ period: r.period, amount: r.amount, source: r.source, evidence: r.evidence })),
        period,
        position: position(p),
        version: b.version, createdAt: b.createdAt.toISOString(), updatedAt: b.updatedAt.toISOString(),
      };
    });
  }

  /** Linked KPIs must be the benefit's project's (or, for a programme's benefit, its projects'); the realisation KPI is one of them. */
  private async checkKpis(tx: TenantTx, placement: { programmeId: string; projectId: string | null }, kpiIds: string[], realisationKpiId: string | null): Promise<string[]> {
    const all = [...new Set([...kpiIds, ...(realisationKpiId ? [realisationKpiId] : [])])];
    if (all.length === 0) return [];
    const found = await tx.find(KpiEntity, { where: { id: In(all) } });
    const projects = placement.projectId ? [placement.projectId] : (await tx.find(ProjectEntity, { where: { programmeId: placement.programmeId } })).map((p) => p.id);
    const bad = all.filter((id) => !found.some((k) => k.id === id && projects.includes(k.projectId)));
    if (bad.length) throw Problem.validation([{ field: realisationKpiId && bad.includes(realisationKpiId) && !kpiIds.includes(realisationKpiId) ? 'realisationKpiId' : 'kpiIds', message: `KPIs must be of the benefit's ${placement.projectId ? 'project' : "programme's projects"}: ${bad.join(', ')}` }]);
    return all;
  }

  private async checkObjective(tx: TenantTx, objectiveId: string | null): Promise<void> {
    if (objectiveId && !(await tx.findOne(ObjectiveEntity, { id: objectiveId }))) throw Problem.validation([{ field: 'objectiveId', message: 'objectiveId must be a strategic objective of this organisation' }]);
  }

  private async writeKpis(tx: TenantTx, benefitId: string, kpiIds: string[]): Promise<void> {
    for (const kpiId of kpiIds) await tx.insert(BenefitKpiEntity, { benefitId, kpiId });
  }

  private async writeProfile(tx: TenantTx, benefitId: string, years: ProfileYear[], field = 'profile'): Promise<void> {
    const seen = new Set<string>();
    years.forEach((y, i) => {
      const [start, end] = y.financialYear.split('-').map(Number);
      if ((start + 1) % 100 !== end) throw Problem.validation([{ field: `${field}.${i}.financialYear`, message: `${y.financialYear} is not a financial year (the second part follows the first, as 2026-27)` }]);
      if (seen.has(y.financialYear)) throw Problem.validation([{ field: `${field}.${i}.financialYear`, message: `${y.financialYear} is given twice` }]);
      seen.add(y.financialYear);
    });
    for (const y of years) await tx.insert(BenefitProfileYearEntity, { benefitId, financialYear: y.financialYear, planned: y.planned });
  }
}

const position = (r: { planned_total: string; planned_to_date: string; realised_to_date: string }): BenefitPosition => ({
  plannedTotal: r.planned_total,
  plannedToDate: r.planned_to_date,
  realisedToDate: r.realised_to_date,
  realisedPctOfPlan: pct(r.realised_to_date, r.planned_to_date),
});
