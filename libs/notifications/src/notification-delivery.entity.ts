import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';

/**
 * One email to one person about one event: the email outbox. The key (event, person) is unique,
 * so however many times an event is announced, and however many workers run, a person is told
 * once. The worker sends pending rows and marks them sent; a failed send waits and is retried.
 */
@Entity('notification_deliveries')
@Unique('uq_notification_deliveries_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_notification_deliveries_event_person', ['organisationId', 'eventKey', 'personId'])
@Index('idx_notification_deliveries_due', ['nextAttemptAt'], { where: `"status" IN ('pending', 'sending')` })
@Index('idx_notification_deliveries_digest', ['organisationId', 'personId'], { where: `"status" = 'pending' AND "mode" = 'digest'` })
@ForeignKey(() => PersonEntity, ['organisationId', 'personId'], ['organisationId', 'id'], { name: 'fk_notification_deliveries_person', onDelete: 'CASCADE' })
@Check('ck_notification_deliveries_status', `"status" IN ('pending', 'sending', 'sent', 'digested', 'skipped', 'failed')`)
@Check('ck_notification_deliveries_mode', `"mode" IN ('immediate', 'digest')`)
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification_deliveries' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_notification_deliveries_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  personId: string;

  /** A notification kind, or `digest` for the weekly email that gathers the others. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** What happened, stable across retries and workers: `critical_flag:<flag id>`, `report_due:<project>:<period>:<day>`. */
  @Column({ type: 'varchar', length: 200 })
  eventKey: string;

  @Column({ type: 'varchar', length: 16 })
  mode: string;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  /** The message in plain English: a few sentences, no markup. */
  @Column({ type: 'text' })
  body: string;

  /** The page the message is about, relative to the public URL. */
  @Column({ type: 'varchar', length: 500 })
  link: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** The digest email this one went out in. */
  @Column({ type: 'uuid', nullable: true })
  digestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
