import { AccountabilityEventEntity } from './accountability-event.entity';
import { ActionEntity } from './action.entity';
import { DecisionEntity } from './decision.entity';
import { DependencyEntity } from './dependency.entity';
import { IssueEntity } from './issue.entity';
import { OwnerEntity } from './owner.entity';
import { RiskEntity } from './risk.entity';

/** Every entity of the accountability area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ACCOUNTABILITY_ENTITIES: Function[] = [OwnerEntity, ActionEntity, RiskEntity, IssueEntity, DecisionEntity, DependencyEntity, AccountabilityEventEntity];
