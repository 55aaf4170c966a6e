import { Module } from '@nestjs/common';
import { EngagementModule } from '@app/engagement';
import { BuyInReadingsController } from './buy-in-readings.controller';
import { EngagementsController } from './engagements.controller';
import { ProjectEngagementController } from './project-engagement.controller';
import { StakeholderGroupsController } from './stakeholder-groups.controller';
import { TrainingRecordsController } from './training-records.controller';

@Module({
  imports: [EngagementModule],
  controllers: [StakeholderGroupsController, EngagementsController, BuyInReadingsController, TrainingRecordsController, ProjectEngagementController],
})
export class EngagementHttpModule {}
