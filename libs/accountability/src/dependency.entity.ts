import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { DEPENDENCY_STATUSES, DependencyStatus, sqlList } from './accountability.enums';

/** What a project or programme needs from another project or from an outside party, by a date. */
@Entity('dependencies')
@Unique('uq_dependencies_organisation_id_id', ['organisationId', 'id'])
@Index('idx_dependencies_organisation_id_programme_id', ['organisationId', 'programmeId'])
@Index('idx_dependencies_organisation_id_project_id', ['organisationId', 'projectId'])
@Index('idx_dependencies_organisation_id_owner_person_id', ['organisationId', 'ownerPersonId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_dependencies_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_dependencies_project', onDelete: 'CASCADE' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_dependencies_owner_person' })
@Check('ck_dependencies_status', `"status" IN (${sqlList(DEPENDENCY_STATUSES)})`)
@Check('ck_dependencies_on', `("depends_on_project_id" IS NULL) <> ("external_party" IS NULL)`)
@ForeignKey(() => ProjectEntity, ['organisationId', 'dependsOnProjectId'], ['organisationId', 'id'], { name: 'fk_dependencies_depends_on_project', onDelete: 'CASCADE' })
export class DependencyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_dependencies' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_dependencies_organisation' })
  organisationId: string;

  /** The programme it belongs to (for a project's record, the project's): restricted programmes hide it. */
  @Column({ type: 'uuid' })
  programmeId: string;

  /** Null for a programme-level record. */
  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Another project of the organisation, or else an outside party by name. */
  @Column({ type: 'uuid', nullable: true })
  dependsOnProjectId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  externalParty: string | null;

  @Column({ type: 'date' })
  needBy: string;

  @Column({ type: 'uuid' })
  ownerPersonId: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: DependencyStatus;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
