import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { MILESTONE_STATUSES, MilestoneStatus, sqlList } from './delivery.enums';

/**
 * A milestone of a project (or of a programme, with no project). The baseline date is set once and
 * never edited: a new baseline is a re-baseline decision (milestone_rebaselines).
 */
@Entity('milestones')
@Unique('uq_milestones_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_milestones_organisation_id_external_ref', ['organisationId', 'externalSource', 'externalId'])
@Index('idx_milestones_organisation_id_project_id', ['organisationId', 'projectId'])
@Index('idx_milestones_organisation_id_programme_id', ['organisationId', 'programmeId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_milestones_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_milestones_project', onDelete: 'CASCADE' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_milestones_owner_person' })
@Check('ck_milestones_status', `"status" IN (${sqlList(MILESTONE_STATUSES)})`)
@Check('ck_milestones_achieved', `("status" = 'achieved') = ("actual_date" IS NOT NULL)`)
@Check('ck_milestones_external_ref', `("external_source" IS NULL) = ("external_id" IS NULL)`)
export class MilestoneEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_milestones' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_milestones_organisation' })
  organisationId: string;

  /** The programme it belongs to (for a project's milestone, the project's): restricted programmes hide it. */
  @Column({ type: 'uuid' })
  programmeId: string;

  /** Null for a programme's own milestone. */
  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** The date first agreed; never edited (a re-baseline decision sets a new one). */
  @Column({ type: 'date' })
  baselineDate: string;

  @Column({ type: 'date' })
  forecastDate: string;

  @Column({ type: 'date', nullable: true })
  actualDate: string | null;

  @Column({ type: 'varchar', length: 16, default: 'not_started' })
  status: MilestoneStatus;

  @Column({ type: 'uuid' })
  ownerPersonId: string;

  /** The integrating tool (e.g. "jira") and its own id, for idempotent upserts. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalSource: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  externalId: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
