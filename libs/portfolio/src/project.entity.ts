import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProgrammeEntity } from './programme.entity';
import type { LifecycleStatus, Phase } from './portfolio.enums';

/**
 * A project. Other areas reference it with the composite key (organisation_id, id), so a row of
 * one organisation can never point at another organisation's project.
 */
@Entity('projects')
@Unique('uq_projects_organisation_id_code', ['organisationId', 'code'])
@Unique('uq_projects_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_projects_organisation_id_external_ref', ['organisationId', 'externalSource', 'externalId'])
@Index('idx_projects_organisation_id_programme_id', ['organisationId', 'programmeId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_projects_programme' })
@Check('ck_projects_phase', `"phase" IN ('discovery', 'alpha', 'beta', 'live', 'retired')`)
@Check('ck_projects_status', `"status" IN ('active', 'paused', 'closed', 'archived')`)
@Check('ck_projects_dates', `"end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date"`)
@Check('ck_projects_external_ref', `("external_source" IS NULL) = ("external_id" IS NULL)`)
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_projects' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_projects_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  programmeId: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The user need the project serves (three quarters are led by technology, not need). */
  @Column({ type: 'text', nullable: true })
  userNeed: string | null;

  @Column({ type: 'varchar', length: 16 })
  phase: Phase;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: LifecycleStatus;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

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
