import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';

export const CORRECTABLE_RECORD_TYPES = ['engagement', 'buy_in_reading', 'training_record'] as const;
export type CorrectableRecordType = (typeof CORRECTABLE_RECORD_TYPES)[number];

/**
 * An earlier version of an engagement, buy-in reading or training record, kept when it was
 * corrected or withdrawn: the record's view as it was (data), and who changed it, when and why.
 * Append-only (grants and a trigger).
 */
@Entity('engagement_record_versions')
@Unique('uq_engagement_record_versions_organisation_id_id', ['organisationId', 'id'])
@Index('idx_engagement_record_versions_record', ['organisationId', 'recordId', 'version'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_engagement_record_versions_project' })
@ForeignKey(() => PersonEntity, ['organisationId', 'changedByPersonId'], ['organisationId', 'id'], { name: 'fk_engagement_record_versions_changed_by_person' })
@Check('ck_engagement_record_versions_record_type', `"record_type" IN ('engagement', 'buy_in_reading', 'training_record')`)
@Check('ck_engagement_record_versions_change', `"change" IN ('corrected', 'withdrawn')`)
export class EngagementRecordVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_engagement_record_versions' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_engagement_record_versions_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 16 })
  recordType: CorrectableRecordType;

  @Column({ type: 'uuid' })
  recordId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  change: 'corrected' | 'withdrawn';

  /** Why it changed; required for corrections of readings, records and withdrawals, optional when an engagement's actions are recorded. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 200 })
  changedBy: string;

  @Column({ type: 'uuid', nullable: true })
  changedByPersonId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  changedAt: Date;
}
