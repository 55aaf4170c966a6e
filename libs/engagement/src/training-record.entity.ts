import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { StakeholderGroupEntity } from './stakeholder-group.entity';

/**
 * How many of a group's staff had been trained on a date. Each record is a snapshot (corrected or withdrawn only with a reason, earlier versions kept),
 * and the latest per group is the group's coverage.
 */
@Entity('training_records')
@Unique('uq_training_records_organisation_id_id', ['organisationId', 'id'])
@Index('idx_training_records_project_recorded_on', ['organisationId', 'projectId', 'recordedOn'])
@Index('idx_training_records_group_recorded_on', ['organisationId', 'groupId', 'recordedOn'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_training_records_project' })
@ForeignKey(() => StakeholderGroupEntity, ['organisationId', 'projectId', 'groupId'], ['organisationId', 'projectId', 'id'], { name: 'fk_training_records_group' })
@Check('ck_training_records_staff', `"staff_in_scope" > 0 AND "staff_trained" >= 0 AND "staff_trained" <= "staff_in_scope"`)
export class TrainingRecordEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_training_records' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_training_records_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'uuid' })
  groupId: string;

  @Column({ type: 'date' })
  recordedOn: string;

  @Column({ type: 'integer' })
  staffInScope: number;

  @Column({ type: 'integer' })
  staffTrained: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  course: string | null;

  /** Bumped by each correction; the ETag a correction must send back. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
