import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { PROXIMITIES, Proximity, RISK_STATUSES, RiskStatus, sqlList } from './accountability.enums';

/** A risk on a project or programme, scored likelihood times impact (1 to 25). */
@Entity('risks')
@Unique('uq_risks_organisation_id_id', ['organisationId', 'id'])
@Index('idx_risks_organisation_id_programme_id', ['organisationId', 'programmeId'])
@Index('idx_risks_organisation_id_project_id', ['organisationId', 'projectId'])
@Index('idx_risks_organisation_id_owner_person_id', ['organisationId', 'ownerPersonId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_risks_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_risks_project', onDelete: 'CASCADE' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_risks_owner_person' })
@Check('ck_risks_status', `"status" IN (${sqlList(RISK_STATUSES)})`)
@Check('ck_risks_proximity', `"proximity" IN (${sqlList(PROXIMITIES)})`)
@Check('ck_risks_likelihood', `"likelihood" BETWEEN 1 AND 5`)
@Check('ck_risks_impact', `"impact" BETWEEN 1 AND 5`)
export class RiskEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_risks' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_risks_organisation' })
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

  @Column({ type: 'smallint' })
  likelihood: number;

  @Column({ type: 'smallint' })
  impact: number;

  @Column({ type: 'varchar', length: 20 })
  proximity: Proximity;

  @Column({ type: 'uuid' })
  ownerPersonId: string;

  /** What is being done about it (avoid, reduce, transfer, accept and how). */
  @Column({ type: 'text', nullable: true })
  response: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: RiskStatus;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
