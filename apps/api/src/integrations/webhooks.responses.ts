import { ApiProperty } from '@nestjs/swagger';
import { DOMAIN_EVENT_TYPES } from '@app/platform';
import { DELIVERY_STATUSES, type AttemptView, type DeliveryDetailView, type DeliveryView, type WebhookView, type WebhookWithSecret } from '@app/integrations';

/* Response schemas for webhook subscriptions and their deliveries; each `implements` the view the service answers with. */

const TIMESTAMP = { format: 'date-time', example: '2026-10-01T09:30:00.000Z' } as const;
const WHEN = { type: String, format: 'date-time', nullable: true } as const;

export class WebhookResponse implements WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uri', example: 'https://hooks.example.gov.uk/kpi-tracker' }) url!: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, isArray: true, example: ['flag.raised', 'flag.resolved'] }) events!: string[];
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ description: 'false: paused by you, or stopped after repeated failures (see disabledReason)' }) active!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '20 consecutive failed deliveries' }) disabledReason!: string | null;
  @ApiProperty({ minimum: 0 }) consecutiveFailures!: number;
  @ApiProperty({ minimum: 0 }) totalFailures!: number;
  @ApiProperty(WHEN) lastSuccessAt!: string | null;
  @ApiProperty(WHEN) lastFailureAt!: string | null;
  @ApiProperty({ ...WHEN, description: 'set once deleted: it no longer delivers or lists' }) deletedAt!: string | null;
  @ApiProperty({ minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
  @ApiProperty(TIMESTAMP) createdAt!: string;
  @ApiProperty(TIMESTAMP) updatedAt!: string;
}

export class WebhookWithSecretResponse extends WebhookResponse implements WebhookWithSecret {
  @ApiProperty({ example: 'whsec_…', description: 'the signing secret, shown this once: verify each delivery’s signature with it' }) secret!: string;
}

export class DeliveryResponse implements DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) webhookId!: string;
  @ApiProperty({ format: 'uuid', description: 'the event delivered; the same on every attempt, for de-duplication' }) eventId!: string;
  @ApiProperty({ enum: DOMAIN_EVENT_TYPES, example: 'flag.raised' }) eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'dead: every retry failed' }) status!: string;
  @ApiProperty({ minimum: 0 }) attempts!: number;
  @ApiProperty({ type: Number, nullable: true, example: 200, description: "the receiver's last HTTP status" }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "the start of the receiver's last response" }) lastResponseSnippet!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'connect ECONNREFUSED' }) lastError!: string | null;
  @ApiProperty({ ...WHEN, description: 'when it will be tried again, while pending' }) nextAttemptAt!: string | null;
  @ApiProperty(WHEN) deliveredAt!: string | null;
  @ApiProperty(TIMESTAMP) createdAt!: string;
  @ApiProperty(TIMESTAMP) updatedAt!: string;
}

class AttemptResponse implements AttemptView {
  @ApiProperty({ minimum: 1 }) attempt!: number;
  @ApiProperty(TIMESTAMP) startedAt!: string;
  @ApiProperty({ minimum: 0, example: 182 }) durationMs!: number;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) statusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) responseSnippet!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() succeeded!: boolean;
}

export class DeliveryDetailResponse extends DeliveryResponse implements DeliveryDetailView {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the JSON body sent, the same bytes on every attempt' }) body!: unknown;
  @ApiProperty({ type: [AttemptResponse], description: 'every attempt, first to last' }) attemptLog!: AttemptResponse[];
}
