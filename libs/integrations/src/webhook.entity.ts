import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/** A subscription: where to POST which domain events, and the secret that signs them. */
@Entity('webhooks')
@Unique('uq_webhooks_organisation_id_id', ['organisationId', 'id'])
@Index('idx_webhooks_organisation_id_active', ['organisationId'], { where: '"active" AND "deleted_at" IS NULL' })
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhooks' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_webhooks_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'text', array: true })
  events: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** The raw signing key (the `whsec_` secret is its base64). Shown once at creation, never returned again. */
  @Column({ type: 'bytea', select: false })
  secret: Buffer;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Dead deliveries since the last success; the subscription is switched off when it reaches the limit. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'integer', default: 0 })
  totalFailures: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  disabledReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastFailureAt: Date | null;

  /** Set by DELETE: the subscription stops and leaves lists, its deliveries stay readable. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
