import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';

/**
 * The one-click unsubscribe link of one email (RFC 8058): the token's SHA-256 names a person and a
 * kind. Only the hash is stored; the token travels in the email alone.
 */
@Entity('notification_unsubscribe_tokens')
@ForeignKey(() => PersonEntity, ['organisationId', 'personId'], ['organisationId', 'id'], { name: 'fk_notification_unsubscribe_tokens_person', onDelete: 'CASCADE' })
export class UnsubscribeTokenEntity {
  @PrimaryColumn({ type: 'bytea', primaryKeyConstraintName: 'pk_notification_unsubscribe_tokens' })
  tokenHash: Buffer;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_notification_unsubscribe_tokens_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
