import { Module } from '@nestjs/common';
import { BenefitsService } from './benefits.service';
import { MilestonesService } from './milestones.service';
import { ObjectiveDeliveryService } from './objective-delivery.service';

const SERVICES = [MilestonesService, BenefitsService, ObjectiveDeliveryService];

/** Milestones, the benefits register and what each objective delivers. No HTTP here. */
@Module({ providers: SERVICES, exports: SERVICES })
export class DeliveryModule {}
