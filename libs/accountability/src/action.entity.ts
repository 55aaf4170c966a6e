import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { ACTION_PARENTS, ACTION_STATUSES, ActionParent, ActionStatus, sqlList } from './accountability.enums';

/**
 * Something someone will do, by a date: hangs off a flag, a risk, an issue, a decision or a status
 * report (parent_id names a row of the parent's own table, which may belong to another area).
 */
@Entity('actions')
@Unique('uq_actions_organisation_id_id', ['organisationId', 'id'])
@Index('idx_actions_organisation_id_programme_id', ['organisationId', 'programmeId'])
@Index('idx_actions_organisation_id_project_id', ['organisationId', 'projectId'])
@Index('idx_actions_organisation_id_owner_person_id', ['organisationId', 'ownerPersonId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_actions_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_actions_project', onDelete: 'CASCADE' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_actions_owner_person' })
@Check('ck_actions_status', `"status" IN (${sqlList(ACTION_STATUSES)})`)
@Check('ck_actions_parent_type', `"parent_type" IN (${sqlList(ACTION_PARENTS)})`)
@Index('idx_actions_organisation_id_parent', ['organisationId', 'parentType', 'parentId'])
@Index('idx_actions_open_due', ['organisationId', 'dueOn'], { where: `"status" = 'open'` })
export class ActionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_actions' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_actions_organisation' })
  organisationId: string;

  /** The programme it belongs to (for a project's record, the project's): restricted programmes hide it. */
  @Column({ type: 'uuid' })
  programmeId: string;

  /** Null for a programme-level record. */
  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  parentType: ActionParent;

  @Column({ type: 'uuid' })
  parentId: string;

  @Column({ type: 'uuid' })
  ownerPersonId: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ActionStatus;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  /** When it was done or cancelled. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
