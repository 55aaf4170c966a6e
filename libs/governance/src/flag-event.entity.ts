import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { FlagEntity } from './flag.entity';

/** A flag's history: raised, acknowledged, accepted (until a date), lapsed, resolved. Append-only. */
@Entity('flag_events')
@Index('idx_flag_events_organisation_id_flag_id', ['organisationId', 'flagId', 'seq'])
@ForeignKey(() => FlagEntity, ['organisationId', 'flagId'], ['organisationId', 'id'], { name: 'fk_flag_events_flag' })
@Check('ck_flag_events_kind', `"kind" IN ('raised', 'acknowledged', 'accepted', 'lapsed', 'resolved')`)
export class FlagEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_flag_events', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_flag_events_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  flagId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'raised' | 'acknowledged' | 'accepted' | 'lapsed' | 'resolved';

  @Column({ type: 'varchar', length: 100 })
  actor: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  scanId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
