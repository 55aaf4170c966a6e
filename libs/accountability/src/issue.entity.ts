import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { ISSUE_SEVERITIES, ISSUE_STATUSES, IssueSeverity, IssueStatus, sqlList } from './accountability.enums';

/** Something that has gone wrong and needs managing now. */
@Entity('issues')
@Unique('uq_issues_organisation_id_id', ['organisationId', 'id'])
@Index('idx_issues_organisation_id_programme_id', ['organisationId', 'programmeId'])
@Index('idx_issues_organisation_id_project_id', ['organisationId', 'projectId'])
@Index('idx_issues_organisation_id_owner_person_id', ['organisationId', 'ownerPersonId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_issues_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_issues_project', onDelete: 'CASCADE' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_issues_owner_person' })
@Check('ck_issues_status', `"status" IN (${sqlList(ISSUE_STATUSES)})`)
@Check('ck_issues_severity', `"severity" IN (${sqlList(ISSUE_SEVERITIES)})`)
export class IssueEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_issues' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_issues_organisation' })
  organisationId: string;

  /** The programme it belongs to (for a project's record, the project's): restricted programmes hide it. */
  @Column({ type: 'uuid' })
  programmeId: string;

  /** Null for a programme-level record. */
  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16 })
  severity: IssueSeverity;

  @Column({ type: 'uuid' })
  ownerPersonId: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: IssueStatus;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
