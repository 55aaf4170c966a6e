import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { UnsubscribeTokenEntity } from './unsubscribe-token.entity';

/** Every entity of the notifications area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTIFICATIONS_ENTITIES: Function[] = [NotificationDeliveryEntity, NotificationPreferenceEntity, UnsubscribeTokenEntity];
