import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { PortfolioModule } from '@app/portfolio';
import { AccountabilityModule } from '@app/accountability';
import { GovernanceModule } from '@app/governance';
import { NotificationsProcessor } from './notifications.processor';

/** Email sending, digests and reminders, on the notifications queue the worker module registers. */
@Module({ imports: [NotificationsModule, PortfolioModule, AccountabilityModule, GovernanceModule], providers: [NotificationsProcessor] })
export class NotificationsWorkerModule {}
