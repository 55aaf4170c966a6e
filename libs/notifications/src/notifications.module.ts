import { Module } from '@nestjs/common';
import { DeliverySender } from './delivery-sender';
import { Digests } from './digests';
import { NotificationPreferencesService } from './notification-preferences.service';

@Module({
  providers: [NotificationPreferencesService, DeliverySender, Digests],
  exports: [NotificationPreferencesService, DeliverySender, Digests],
})
export class NotificationsModule {}
