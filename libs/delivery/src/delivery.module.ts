import { Module } from '@nestjs/common';
import { BenefitsService } from './benefits.service';
import { MilestonesService } from './milestones.service';

const SERVICES = [MilestonesService, BenefitsService];

/** Milestones and the benefits register. No HTTP here. */
@Module({ providers: SERVICES, exports: SERVICES })
export class DeliveryModule {}
