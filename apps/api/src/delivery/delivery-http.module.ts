import { Module } from '@nestjs/common';
import { DeliveryModule } from '@app/delivery';
import { ReportingModule } from '@app/reporting';
import { BenefitsController } from './benefits.controller';
import { MilestonesController } from './milestones.controller';
import { ReturnsController } from './returns.controller';

@Module({ imports: [DeliveryModule, ReportingModule], controllers: [MilestonesController, BenefitsController, ReturnsController] })
export class DeliveryHttpModule {}
