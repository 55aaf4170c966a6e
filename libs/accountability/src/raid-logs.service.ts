import { Injectable } from '@nestjs/common';
import { Db, Problem, TenantTx } from '@app/platform';
import { DecisionEntity } from './decision.entity';
import { DependencyEntity } from './dependency.entity';
import { IssueEntity } from './issue.entity';
import { RiskEntity } from './risk.entity';
import { DecisionView, DependencyView, IssueView, RiskView, toDecisionView, toDependencyView, toIssueView, toRiskView } from './accountability.views';
import { RaidRecords } from './raid-records.service';

const riskData = (r: RiskView) => ({ riskId: r.id, projectId: r.projectId, programmeId: r.programmeId, title: r.title, score: r.score, ownerPersonId: r.ownerPersonId, status: r.status });

@Injectable()
export class RisksService extends RaidRecords<RiskEntity, RiskView> {
  constructor(db: Db) {
    super(db, {
      kind: 'risk',
      what: 'risk',
      entity: RiskEntity,
      view: toRiskView,
      events: (after, before) => [before ? { type: 'risk.changed', data: { ...riskData(after), previousScore: before.score, previousStatus: before.status } } : { type: 'risk.raised', data: riskData(after) }],
      csvColumns: ['id', 'programmeId', 'projectId', 'title', 'likelihood', 'impact', 'score', 'proximity', 'ownerPersonId', 'response', 'status', 'createdAt', 'updatedAt'],
    });
  }
}

@Injectable()
export class IssuesService extends RaidRecords<IssueEntity, IssueView> {
  constructor(db: Db) {
    super(db, {
      kind: 'issue',
      what: 'issue',
      entity: IssueEntity,
      view: toIssueView,
      csvColumns: ['id', 'programmeId', 'projectId', 'title', 'severity', 'ownerPersonId', 'status', 'createdAt', 'updatedAt'],
    });
  }
}

/** A decision made must say who decided, when and why. */
function checkDecision(d: DecisionEntity): void {
  if (d.status !== 'made') return;
  const missing = (['decidedBy', 'decidedOn', 'rationale'] as const).filter((f) => !d[f]);
  if (missing.length) throw Problem.validation(missing.map((field) => ({ field, message: `${field} is required when the decision is made` })));
}

@Injectable()
export class DecisionsService extends RaidRecords<DecisionEntity, DecisionView> {
  constructor(db: Db) {
    super(db, {
      kind: 'decision',
      what: 'decision',
      entity: DecisionEntity,
      view: toDecisionView,
      check: checkDecision,
      events: (after, before) =>
        after.status === 'made' && before?.status !== 'made'
          ? [{ type: 'decision.recorded', data: { decisionId: after.id, projectId: after.projectId, programmeId: after.programmeId, title: after.title, decidedBy: after.decidedBy, decidedOn: after.decidedOn, rationale: after.rationale } }]
          : [],
      csvColumns: ['id', 'programmeId', 'projectId', 'title', 'ownerPersonId', 'status', 'neededBy', 'decidedBy', 'decidedOn', 'rationale', 'createdAt', 'updatedAt'],
    });
  }
}

/** A dependency is on another project of the organisation or on an outside party: exactly one. */
function checkDependency(d: DependencyEntity): void {
  if (!d.dependsOnProjectId === !d.externalParty) throw Problem.validation([{ field: 'dependsOnProjectId', message: 'give either dependsOnProjectId (another project) or externalParty, not both' }]);
  if (d.dependsOnProjectId && d.dependsOnProjectId === d.projectId) throw Problem.validation([{ field: 'dependsOnProjectId', message: 'a project cannot depend on itself' }]);
}

@Injectable()
export class DependenciesService extends RaidRecords<DependencyEntity, DependencyView> {
  constructor(db: Db) {
    super(db, {
      kind: 'dependency',
      what: 'dependency',
      entity: DependencyEntity,
      view: toDependencyView,
      check: checkDependency,
      csvColumns: ['id', 'programmeId', 'projectId', 'title', 'dependsOnProjectId', 'externalParty', 'needBy', 'ownerPersonId', 'status', 'createdAt', 'updatedAt'],
    });
  }

  /** The project depended on must be one the caller can see in this organisation. */
  protected override async checkReferences(tx: TenantTx, values: DependencyEntity): Promise<void> {
    if (!values.dependsOnProjectId) return;
    const [found] = await tx.query(`SELECT 1 FROM projects WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, values.dependsOnProjectId]);
    if (!found) throw Problem.validation([{ field: 'dependsOnProjectId', message: 'dependsOnProjectId must be a project of this organisation' }]);
  }
}
