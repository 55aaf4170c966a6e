import { pickView, ViewOf } from '@app/platform';
import { ActionEntity } from './action.entity';
import { DecisionEntity } from './decision.entity';
import { DependencyEntity } from './dependency.entity';
import { IssueEntity } from './issue.entity';
import { OwnerEntity } from './owner.entity';
import { RiskEntity } from './risk.entity';

const BASE = ['id', 'programmeId', 'projectId', 'title', 'version', 'createdAt', 'updatedAt'] as const;

export const ACTION_FIELDS = [...BASE, 'parentType', 'parentId', 'ownerPersonId', 'dueOn', 'status', 'notes', 'closedAt'] as const;
export type ActionView = ViewOf<ActionEntity, typeof ACTION_FIELDS>;
export const toActionView = (a: ActionEntity): ActionView => pickView(a, ACTION_FIELDS);

export const RISK_FIELDS = [...BASE, 'description', 'likelihood', 'impact', 'proximity', 'ownerPersonId', 'response', 'status'] as const;
export type RiskView = ViewOf<RiskEntity, typeof RISK_FIELDS> & { score: number };
export const toRiskView = (r: RiskEntity): RiskView => ({ ...pickView(r, RISK_FIELDS), score: r.likelihood * r.impact });

export const ISSUE_FIELDS = [...BASE, 'description', 'severity', 'ownerPersonId', 'status'] as const;
export type IssueView = ViewOf<IssueEntity, typeof ISSUE_FIELDS>;
export const toIssueView = (i: IssueEntity): IssueView => pickView(i, ISSUE_FIELDS);

export const DECISION_FIELDS = [...BASE, 'description', 'ownerPersonId', 'status', 'neededBy', 'decidedBy', 'decidedOn', 'rationale'] as const;
export type DecisionView = ViewOf<DecisionEntity, typeof DECISION_FIELDS>;
export const toDecisionView = (d: DecisionEntity): DecisionView => pickView(d, DECISION_FIELDS);

export const DEPENDENCY_FIELDS = [...BASE, 'dependsOnProjectId', 'externalParty', 'needBy', 'ownerPersonId', 'status'] as const;
export type DependencyView = ViewOf<DependencyEntity, typeof DEPENDENCY_FIELDS>;
export const toDependencyView = (d: DependencyEntity): DependencyView => pickView(d, DEPENDENCY_FIELDS);

const OWNER_FIELDS = ['subjectType', 'subjectId', 'programmeId', 'projectId', 'personId', 'updatedAt'] as const;
export type OwnerView = ViewOf<OwnerEntity, typeof OWNER_FIELDS> & { role: string };
export const toOwnerView = (o: OwnerEntity, role: string): OwnerView => ({ ...pickView(o, OWNER_FIELDS), role });
