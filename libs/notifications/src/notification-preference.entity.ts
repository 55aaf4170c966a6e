import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';

/** A person's choice for one kind: immediate, in the weekly digest, or off. No row: immediate. */
@Entity('notification_preferences')
@ForeignKey(() => PersonEntity, ['organisationId', 'personId'], ['organisationId', 'id'], { name: 'fk_notification_preferences_person', onDelete: 'CASCADE' })
@Check('ck_notification_preferences_mode', `"mode" IN ('immediate', 'digest', 'off')`)
export class NotificationPreferenceEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_notification_preferences' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_notification_preferences_organisation' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_notification_preferences' })
  personId: string;

  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'pk_notification_preferences' })
  kind: string;

  @Column({ type: 'varchar', length: 16 })
  mode: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
