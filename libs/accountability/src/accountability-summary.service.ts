import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor, Db, PersonEntity, Problem, TenantTx, todayInLondon } from '@app/platform';
import { ActionEntity } from './action.entity';
import { DecisionEntity } from './decision.entity';
import { DependencyEntity } from './dependency.entity';
import { IssueEntity } from './issue.entity';
import { OwnerEntity } from './owner.entity';
import { RiskEntity } from './risk.entity';
import { OWNER_ROLE } from './accountability.enums';
import { ActionView, DecisionView, DependencyView, IssueView, OwnerView, RiskView, toActionView, toDecisionView, toDependencyView, toIssueView, toOwnerView, toRiskView } from './accountability.views';

const TOP_RISKS = 5;

type Named<V> = V & { ownerName: string | null };

export interface ProjectAccountability {
  projectId: string;
  projectManager: Named<OwnerView> | null;
  sro: Named<OwnerView> | null;
  kpiOwners: Named<OwnerView>[];
  topRisks: Named<RiskView>[];
  openIssues: Named<IssueView>[];
  decisionsAwaited: Named<DecisionView>[];
  actions: Named<ActionView & { overdue: boolean }>[];
}

export interface ProgrammeAccountability {
  programmeId: string;
  topRisks: Named<RiskView>[];
  overdueActions: Named<ActionView>[];
}

export interface OwnedByMe {
  personId: string;
  owns: OwnerView[];
  actions: (ActionView & { overdue: boolean })[];
  risks: RiskView[];
  issues: IssueView[];
  decisions: DecisionView[];
  dependencies: DependencyView[];
}

/** The people's names, in one query, for showing owners to the board. */
async function namesOf(tx: TenantTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const people = await tx.find(PersonEntity, { where: { id: In([...new Set(ids)]) } });
  return new Map(people.map((p) => [p.id, p.name]));
}

const byScore = (a: RiskView, b: RiskView) => b.score - a.score || a.title.localeCompare(b.title);

/** Read models for the board: a project's owners and log, each programme's top risks and overdue actions, a person's own things. */
@Injectable()
export class AccountabilitySummaryService {
  constructor(private readonly db: Db) {}

  project(actor: Actor, projectId: string): Promise<ProjectAccountability> {
    return this.db.tenant(actor, async (tx) => {
      const [project] = await tx.query<{ programme_id: string }>(`SELECT programme_id FROM projects WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, projectId]);
      if (!project) throw Problem.notFound('project');
      const owners = await tx
        .select(OwnerEntity, 'o')
        .andWhere(`(o.subjectId IN (:projectId, :programmeId) OR (o.subjectType = 'kpi' AND o.projectId = :projectId))`, { projectId, programmeId: project.programme_id })
        .getMany();
      const risks = (await tx.find(RiskEntity, { where: { projectId, status: 'open' } })).map(toRiskView).sort(byScore).slice(0, TOP_RISKS);
      const issues = (await tx.find(IssueEntity, { where: { projectId, status: 'open' }, order: { createdAt: 'DESC' } })).map(toIssueView);
      const decisions = (await tx.find(DecisionEntity, { where: { projectId, status: 'awaited' }, order: { neededBy: 'ASC' } })).map(toDecisionView);
      const today = todayInLondon();
      const actions = (await tx.find(ActionEntity, { where: { projectId, status: 'open' }, order: { dueOn: 'ASC' } })).map((a) => ({ ...toActionView(a), overdue: a.dueOn < today }));
      const names = await namesOf(tx, [...owners.map((o) => o.personId), ...[...risks, ...issues, ...decisions, ...actions].map((r) => r.ownerPersonId)]);
      const named = <V extends { ownerPersonId?: string; personId?: string }>(v: V): Named<V> => ({ ...v, ownerName: names.get((v.ownerPersonId ?? v.personId) as string) ?? null });
      const owner = (type: 'project' | 'programme') => {
        const row = owners.find((o) => o.subjectType === type);
        return row ? named(toOwnerView(row, OWNER_ROLE[type])) : null;
      };
      return {
        projectId,
        projectManager: owner('project'),
        sro: owner('programme'),
        kpiOwners: owners.filter((o) => o.subjectType === 'kpi').map((o) => named(toOwnerView(o, OWNER_ROLE.kpi))),
        topRisks: risks.map(named),
        openIssues: issues.map(named),
        decisionsAwaited: decisions.map(named),
        actions: actions.map(named),
      };
    });
  }

  /** For the board pack: every visible programme's top risks and overdue actions, in two statements. */
  programmes(actor: Actor, programmeIds: string[]): Promise<ProgrammeAccountability[]> {
    return this.db.tenant(actor, async (tx) => {
      if (programmeIds.length === 0) return [];
      const risks = (await tx.find(RiskEntity, { where: { programmeId: In(programmeIds), status: 'open' } })).map(toRiskView).sort(byScore);
      const today = todayInLondon();
      const overdue = (await tx.select(ActionEntity, 'a').andWhere('a.programmeId IN (:...ids)', { ids: programmeIds }).andWhere(`a.status = 'open' AND a.dueOn < :today`, { today }).orderBy('a.dueOn', 'ASC').getMany()).map(toActionView);
      const names = await namesOf(tx, [...risks, ...overdue].map((r) => r.ownerPersonId));
      const named = <V extends { ownerPersonId: string }>(v: V): Named<V> => ({ ...v, ownerName: names.get(v.ownerPersonId) ?? null });
      return programmeIds.map((programmeId) => ({
        programmeId,
        topRisks: risks.filter((r) => r.programmeId === programmeId).slice(0, TOP_RISKS).map(named),
        overdueActions: overdue.filter((a) => a.programmeId === programmeId).map(named),
      }));
    });
  }

  /** Everything the calling person owns (GET /v1/me/owned); an organisation token is no person. */
  ownedBy(actor: Actor): Promise<OwnedByMe> {
    const personId = actor.personId;
    if (!personId) throw Problem.validation([{ field: 'token', message: 'this token belongs to the organisation, not to a person; use a personal token or a board session' }]);
    return this.db.tenant(actor, async (tx) => {
      const today = todayInLondon();
      const owns = (await tx.find(OwnerEntity, { where: { personId }, order: { subjectType: 'ASC' } })).map((o) => toOwnerView(o, OWNER_ROLE[o.subjectType]));
      const actions = (await tx.find(ActionEntity, { where: { ownerPersonId: personId, status: 'open' }, order: { dueOn: 'ASC' } })).map((a) => ({ ...toActionView(a), overdue: a.dueOn < today }));
      const risks = (await tx.find(RiskEntity, { where: { ownerPersonId: personId, status: 'open' } })).map(toRiskView).sort(byScore);
      const issues = (await tx.find(IssueEntity, { where: { ownerPersonId: personId, status: 'open' } })).map(toIssueView);
      const decisions = (await tx.find(DecisionEntity, { where: { ownerPersonId: personId, status: 'awaited' } })).map(toDecisionView);
      const dependencies = (await tx.find(DependencyEntity, { where: { ownerPersonId: personId, status: 'open' }, order: { needBy: 'ASC' } })).map(toDependencyView);
      return { personId, owns, actions, risks, issues, decisions, dependencies };
    });
  }
}
