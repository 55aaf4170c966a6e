import { Module } from '@nestjs/common';
import { DeliveryModule } from '@app/delivery';
import { MilestonesController } from './milestones.controller';

@Module({ imports: [DeliveryModule], controllers: [MilestonesController] })
export class DeliveryHttpModule {}
