import { pickView, ViewOf } from '@app/platform';
import { BuyInReadingEntity } from './buy-in-reading.entity';
import { EngagementEntity } from './engagement.entity';
import { coveragePct } from './evidence-rules';
import { StakeholderGroupEntity } from './stakeholder-group.entity';
import { TrainingRecordEntity } from './training-record.entity';

/**
 * Each record's view is declared once, as the list of its entity's fields it shows; the view type
 * and the mapper are derived from that list (pickView), with computed fields added beside it.
 */
const STAKEHOLDER_GROUP_FIELDS = ['id', 'projectId', 'name', 'kind', 'internal', 'size', 'externalSource', 'externalId', 'version', 'createdAt', 'updatedAt'] as const;
const ENGAGEMENT_FIELDS = ['id', 'projectId', 'groupId', 'kind', 'occurredOn', 'participants', 'findings', 'actionsTaken', 'actionsRecordedAt', 'externalSource', 'externalId', 'version', 'createdAt', 'updatedAt'] as const;
const BUY_IN_READING_FIELDS = ['id', 'projectId', 'groupId', 'surveyedOn', 'respondents', 'themes', 'externalSource', 'externalId', 'version', 'createdAt'] as const;
const TRAINING_RECORD_FIELDS = ['id', 'projectId', 'groupId', 'recordedOn', 'staffInScope', 'staffTrained', 'course', 'version', 'createdAt'] as const;

export type StakeholderGroupView = ViewOf<StakeholderGroupEntity, typeof STAKEHOLDER_GROUP_FIELDS>;

export type EngagementView = ViewOf<EngagementEntity, typeof ENGAGEMENT_FIELDS> & {
  /** A feedback loop is closed once what was done about the findings is recorded. */
  loopClosed: boolean;
};

/** Shares are not money: a JSON number with two decimals is what survey tools send and expect. */
export type BuyInReadingView = ViewOf<BuyInReadingEntity, typeof BUY_IN_READING_FIELDS> & { supportivePct: number; neutralPct: number; opposedPct: number };

export type TrainingRecordView = ViewOf<TrainingRecordEntity, typeof TRAINING_RECORD_FIELDS> & { coveragePct: number };

/** What an integration's post did: created the record, or found it already there by its external id. */
export type CreateResult<V> = V & { result: 'created' | 'exists' };

export const toStakeholderGroupView = (g: StakeholderGroupEntity): StakeholderGroupView => pickView(g, STAKEHOLDER_GROUP_FIELDS);

export const toEngagementView = (e: EngagementEntity): EngagementView => ({ ...pickView(e, ENGAGEMENT_FIELDS), loopClosed: e.actionsRecordedAt !== null });

export const toBuyInReadingView = (r: BuyInReadingEntity): BuyInReadingView => ({
  ...pickView(r, BUY_IN_READING_FIELDS),
  supportivePct: Number(r.supportivePct),
  neutralPct: Number(r.neutralPct),
  opposedPct: Number(r.opposedPct),
});

export const toTrainingRecordView = (t: TrainingRecordEntity): TrainingRecordView => ({
  ...pickView(t, TRAINING_RECORD_FIELDS),
  coveragePct: coveragePct(t.staffTrained, t.staffInScope),
});
