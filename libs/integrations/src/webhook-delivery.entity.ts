import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { WebhookEntity } from './webhook.entity';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event to one subscription. `failed` means the last attempt failed and another is due at
 * `next_attempt_at`; `dead` means the attempts ran out (or the subscription went away).
 */
@Entity('webhook_deliveries')
@Unique('uq_webhook_deliveries_webhook_id_event_id', ['webhookId', 'eventId'])
@Unique('uq_webhook_deliveries_organisation_id_id', ['organisationId', 'id'])
@Index('idx_webhook_deliveries_organisation_id_webhook_id_created_at', ['organisationId', 'webhookId', 'createdAt'])
@Index('idx_webhook_deliveries_organisation_id_event_id', ['organisationId', 'eventId'])
@ForeignKey(() => WebhookEntity, ['organisationId', 'webhookId'], ['organisationId', 'id'], { name: 'fk_webhook_deliveries_webhook' })
@Check('ck_webhook_deliveries_status', `"status" IN ('pending', 'succeeded', 'failed', 'dead')`)
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_webhook_deliveries_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  webhookId: string;

  /** The domain event's id, sent as `webhook-id`: receivers deduplicate on it. */
  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  /** The exact JSON body, so every attempt signs and sends the same bytes. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastResponseSnippet: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
