import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEntity } from './webhook.entity';

/** Every entity of the integrations area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const INTEGRATIONS_ENTITIES: Function[] = [WebhookEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
