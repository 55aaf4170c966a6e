import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { KpiEntity } from '@app/kpis';
import { OWNED_SUBJECTS, OwnedSubject, sqlList } from './accountability.enums';

/**
 * The one person accountable for a programme (its SRO), a project (its project manager) or a KPI.
 * Kept here rather than as columns on the portfolio's and kpis' tables, so one area owns every
 * owner and one statement answers "who owns what".
 */
@Entity('owners')
@Unique('uq_owners_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_owners_subject', ['organisationId', 'subjectType', 'subjectId'])
@Index('idx_owners_organisation_id_person_id', ['organisationId', 'personId'])
@ForeignKey(() => PersonEntity, ['organisationId', 'personId'], ['organisationId', 'id'], { name: 'fk_owners_person' })
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_owners_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_owners_project', onDelete: 'CASCADE' })
@ForeignKey(() => KpiEntity, ['organisationId', 'kpiId'], ['organisationId', 'id'], { name: 'fk_owners_kpi', onDelete: 'CASCADE' })
@Check('ck_owners_subject_type', `"subject_type" IN (${sqlList(OWNED_SUBJECTS)})`)
@Check(
  'ck_owners_subject',
  `("subject_type" = 'programme' AND "subject_id" = "programme_id" AND "project_id" IS NULL AND "kpi_id" IS NULL) OR ("subject_type" = 'project' AND "subject_id" = "project_id" AND "kpi_id" IS NULL) OR ("subject_type" = 'kpi' AND "subject_id" = "kpi_id" AND "project_id" IS NOT NULL)`,
)
export class OwnerEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_owners' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_owners_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: OwnedSubject;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** The subject's programme: restricted programmes hide their owners too. */
  @Column({ type: 'uuid' })
  programmeId: string;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'uuid', nullable: true })
  kpiId: string | null;

  @Column({ type: 'uuid' })
  personId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
