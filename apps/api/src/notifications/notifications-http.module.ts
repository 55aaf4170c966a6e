import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { UnsubscribeController } from './unsubscribe.controller';

@Module({ imports: [NotificationsModule], controllers: [NotificationPreferencesController, UnsubscribeController] })
export class NotificationsHttpModule {}
