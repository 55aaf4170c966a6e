import { Module } from '@nestjs/common';
import { DeliveryModule } from '@app/delivery';
import { BenefitsController } from './benefits.controller';
import { MilestonesController } from './milestones.controller';

@Module({ imports: [DeliveryModule], controllers: [MilestonesController, BenefitsController] })
export class DeliveryHttpModule {}
