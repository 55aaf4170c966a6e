import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { PortfolioModule } from '@app/portfolio';
import { NotificationsProcessor } from './notifications.processor';

/** Email sending, digests and reminders, on the notifications queue the worker module registers. */
@Module({ imports: [NotificationsModule, PortfolioModule], providers: [NotificationsProcessor] })
export class NotificationsWorkerModule {}
