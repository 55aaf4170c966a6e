import { Module } from '@nestjs/common';
import { AccountabilitySummaryService } from './accountability-summary.service';
import { ActionReminders } from './action-reminders';
import { ActionsService } from './actions.service';
import { OwnersService } from './owners.service';
import { DecisionsService, DependenciesService, IssuesService, RisksService } from './raid-logs.service';

const SERVICES = [OwnersService, ActionsService, ActionReminders, RisksService, IssuesService, DecisionsService, DependenciesService, AccountabilitySummaryService];

/** Owners, actions and the risk, issue, decision and dependency log. No HTTP here. */
@Module({ providers: SERVICES, exports: SERVICES })
export class AccountabilityModule {}
