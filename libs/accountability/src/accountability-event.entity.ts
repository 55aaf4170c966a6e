import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { RAID_KINDS, RaidKind, sqlList } from './accountability.enums';

/** Every change to an action, risk, issue, decision or dependency: what changed, who, when. Append-only. */
@Entity('accountability_events')
@Index('idx_accountability_events_item', ['organisationId', 'itemId', 'seq'])
@Check('ck_accountability_events_item_type', `"item_type" IN (${sqlList(RAID_KINDS)})`)
@Check('ck_accountability_events_kind', `"kind" IN ('created', 'updated')`)
export class AccountabilityEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_accountability_events', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_accountability_events_organisation' })
  organisationId: string;

  /** The record's programme, so restricted programmes hide its history too. */
  @Column({ type: 'uuid' })
  programmeId: string;

  @Column({ type: 'varchar', length: 16 })
  itemType: RaidKind;

  @Column({ type: 'uuid' })
  itemId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'created' | 'updated';

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'uuid', nullable: true })
  actorPersonId: string | null;

  /** Field by field: { field: { from, to } } (for created, every field's value as to). */
  @Column({ type: 'jsonb' })
  changes: Record<string, { from: unknown; to: unknown }>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
