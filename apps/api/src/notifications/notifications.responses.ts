import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_MODES, NOTIFICATION_KINDS, type DeliveryMode, type NotificationKind, type PreferenceView } from '@app/notifications';

/* A person's email choice for one kind of notification, as GET and PUT /v1/me/notification-preferences answer it. */

export class PreferenceResponse implements PreferenceView {
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'critical_flag' }) kind!: NotificationKind;
  @ApiProperty({ example: 'New critical flags', description: 'what the kind is called in emails and on the board' }) title!: string;
  @ApiProperty({ enum: DELIVERY_MODES, description: 'immediate: an email each time; digest: in the weekly email; off: no email' }) mode!: DeliveryMode;
}
