import { BenefitKpiEntity } from './benefit-kpi.entity';
import { BenefitProfileYearEntity } from './benefit-profile-year.entity';
import { BenefitRealisationEntity } from './benefit-realisation.entity';
import { BenefitEntity } from './benefit.entity';
import { MilestoneRebaselineEntity } from './milestone-rebaseline.entity';
import { MilestoneEntity } from './milestone.entity';

/** Every entity of the delivery area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DELIVERY_ENTITIES: Function[] = [MilestoneEntity, MilestoneRebaselineEntity, BenefitEntity, BenefitKpiEntity, BenefitProfileYearEntity, BenefitRealisationEntity];
