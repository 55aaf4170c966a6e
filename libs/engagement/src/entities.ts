import { BuyInReadingEntity } from './buy-in-reading.entity';
import { EngagementEntity } from './engagement.entity';
import { EngagementRecordVersionEntity } from './engagement-record-version.entity';
import { StakeholderGroupEntity } from './stakeholder-group.entity';
import { TrainingRecordEntity } from './training-record.entity';

/** Every entity of the engagement area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENGAGEMENT_ENTITIES: Function[] = [StakeholderGroupEntity, EngagementEntity, BuyInReadingEntity, TrainingRecordEntity, EngagementRecordVersionEntity];
