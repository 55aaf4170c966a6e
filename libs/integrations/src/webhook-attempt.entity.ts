import { Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One HTTP attempt of a delivery, append-only: the delivery log a receiver's owner can read. */
@Entity('webhook_attempts')
@Unique('uq_webhook_attempts_organisation_id_delivery_id_attempt', ['organisationId', 'deliveryId', 'attempt'])
@ForeignKey(() => WebhookDeliveryEntity, ['organisationId', 'deliveryId'], ['organisationId', 'id'], { name: 'fk_webhook_attempts_delivery' })
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_attempts' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_webhook_attempts_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'integer' })
  durationMs: number;

  /** Null when no HTTP answer came (refused address, timeout, connection error). */
  @Column({ type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  responseSnippet: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'boolean' })
  succeeded: boolean;
}
