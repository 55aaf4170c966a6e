import { ObjectiveEntity } from './objective.entity';
import { ProgrammeEntity } from './programme.entity';
import { ProjectEntity } from './project.entity';
import { DIMENSIONS, Dimension, Rag } from './portfolio.enums';
import { StatusReportEntity } from './status-report.entity';

const iso = (d: Date): string => d.toISOString();

export const toObjectiveView = (o: ObjectiveEntity) => ({
  id: o.id,
  code: o.code,
  title: o.title,
  description: o.description,
  status: o.status,
  version: o.version,
  createdAt: iso(o.createdAt),
  updatedAt: iso(o.updatedAt),
});

export const toProgrammeView = (p: ProgrammeEntity) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  description: p.description,
  objectiveId: p.objectiveId,
  sro: p.sro,
  status: p.status,
  startDate: p.startDate,
  endDate: p.endDate,
  wholeLifeBudget: p.wholeLifeBudget,
  version: p.version,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

export const toProjectView = (p: ProjectEntity) => ({
  id: p.id,
  programmeId: p.programmeId,
  code: p.code,
  name: p.name,
  description: p.description,
  userNeed: p.userNeed,
  phase: p.phase,
  status: p.status,
  startDate: p.startDate,
  endDate: p.endDate,
  externalRef: p.externalSource && p.externalId ? { source: p.externalSource, id: p.externalId } : null,
  version: p.version,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

export const toStatusReportView = (r: StatusReportEntity, current: boolean) => ({
  id: r.id,
  subjectType: r.subjectType,
  projectId: r.projectId,
  programmeId: r.programmeId,
  period: r.period,
  revision: r.revision,
  current,
  overall: r.overall,
  dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, r[d]])) as Record<Dimension, Rag>,
  narrative: r.narrative,
  keyRisks: r.keyRisks,
  decisionsNeeded: r.decisionsNeeded,
  reportedBy: r.reportedBy,
  reportedByPersonId: r.reportedByPersonId ?? null,
  submittedAt: iso(r.submittedAt),
  state: r.state,
  sentForApprovalAt: r.sentForApprovalAt ? iso(r.sentForApprovalAt) : null,
  approvedAt: r.approvedAt ? iso(r.approvedAt) : null,
  approvedByPersonId: r.approvedByPersonId ?? null,
  returnedAt: r.returnedAt ? iso(r.returnedAt) : null,
  returnedByPersonId: r.returnedByPersonId ?? null,
  returnComment: r.returnComment ?? null,
});

export type ObjectiveView = ReturnType<typeof toObjectiveView>;
export type ProgrammeView = ReturnType<typeof toProgrammeView>;
export type ProjectView = ReturnType<typeof toProjectView>;
export type StatusReportView = ReturnType<typeof toStatusReportView>;
