import { Module } from '@nestjs/common';
import { BuyInReadingsService } from './buy-in-readings.service';
import { EngagementSummaryService } from './engagement-summary.service';
import { EngagementsService } from './engagements.service';
import { StakeholderGroupsService } from './stakeholder-groups.service';
import { TrainingRecordsService } from './training-records.service';

const SERVICES = [StakeholderGroupsService, EngagementsService, BuyInReadingsService, TrainingRecordsService, EngagementSummaryService];

/** The engagement domain: services and queries. No HTTP here. */
@Module({ providers: SERVICES, exports: SERVICES })
export class EngagementModule {}
