import { BuyInReadingEntity } from './buy-in-reading.entity';
import { EngagementEntity } from './engagement.entity';
import { coveragePct } from './evidence-rules';
import { EngagementKind, GroupKind } from './engagement.enums';
import { StakeholderGroupEntity } from './stakeholder-group.entity';
import { TrainingRecordEntity } from './training-record.entity';

export interface StakeholderGroupView {
  id: string;
  projectId: string;
  name: string;
  kind: GroupKind;
  internal: boolean;
  size: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EngagementView {
  id: string;
  projectId: string;
  groupId: string;
  kind: EngagementKind;
  occurredOn: string;
  participants: number;
  findings: string;
  actionsTaken: string | null;
  actionsRecordedAt: string | null;
  /** A feedback loop is closed once what was done about the findings is recorded. */
  loopClosed: boolean;
  externalSource: string | null;
  externalId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface BuyInReadingView {
  id: string;
  projectId: string;
  groupId: string;
  surveyedOn: string;
  respondents: number;
  supportivePct: number;
  neutralPct: number;
  opposedPct: number;
  themes: string | null;
  externalSource: string | null;
  externalId: string | null;
  createdAt: string;
}

export interface TrainingRecordView {
  id: string;
  projectId: string;
  groupId: string;
  recordedOn: string;
  staffInScope: number;
  staffTrained: number;
  coveragePct: number;
  course: string | null;
  createdAt: string;
}

/** What an integration's post did: created the record, or found it already there by its external id. */
export type CreateResult<V> = V & { result: 'created' | 'exists' };

export const toStakeholderGroupView = (g: StakeholderGroupEntity): StakeholderGroupView => ({
  id: g.id,
  projectId: g.projectId,
  name: g.name,
  kind: g.kind,
  internal: g.internal,
  size: g.size,
  version: g.version,
  createdAt: g.createdAt.toISOString(),
  updatedAt: g.updatedAt.toISOString(),
});

export const toEngagementView = (e: EngagementEntity): EngagementView => ({
  id: e.id,
  projectId: e.projectId,
  groupId: e.groupId,
  kind: e.kind,
  occurredOn: e.occurredOn,
  participants: e.participants,
  findings: e.findings,
  actionsTaken: e.actionsTaken,
  actionsRecordedAt: e.actionsRecordedAt ? e.actionsRecordedAt.toISOString() : null,
  loopClosed: e.actionsRecordedAt !== null,
  externalSource: e.externalSource,
  externalId: e.externalId,
  version: e.version,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

export const toBuyInReadingView = (r: BuyInReadingEntity): BuyInReadingView => ({
  id: r.id,
  projectId: r.projectId,
  groupId: r.groupId,
  surveyedOn: r.surveyedOn,
  respondents: r.respondents,
  // Shares are not money: a JSON number with two decimals is what survey tools send and expect.
  supportivePct: Number(r.supportivePct),
  neutralPct: Number(r.neutralPct),
  opposedPct: Number(r.opposedPct),
  themes: r.themes,
  externalSource: r.externalSource,
  externalId: r.externalId,
  createdAt: r.createdAt.toISOString(),
});

export const toTrainingRecordView = (t: TrainingRecordEntity): TrainingRecordView => ({
  id: t.id,
  projectId: t.projectId,
  groupId: t.groupId,
  recordedOn: t.recordedOn,
  staffInScope: t.staffInScope,
  staffTrained: t.staffTrained,
  coveragePct: coveragePct(t.staffTrained, t.staffInScope),
  course: t.course,
  createdAt: t.createdAt.toISOString(),
});
