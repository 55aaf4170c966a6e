import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { DECISION_STATUSES, DecisionStatus, sqlList } from './accountability.enums';

/** A decision awaited or made: who decided, when and why. The owner chases an awaited one. */
@Entity('decisions')
@Unique('uq_decisions_organisation_id_id', ['organisationId', 'id'])
@Index('idx_decisions_organisation_id_programme_id', ['organisationId', 'programmeId'])
@Index('idx_decisions_organisation_id_project_id', ['organisationId', 'projectId'])
@Index('idx_decisions_organisation_id_owner_person_id', ['organisationId', 'ownerPersonId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_decisions_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_decisions_project', onDelete: 'CASCADE' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_decisions_owner_person' })
@Check('ck_decisions_status', `"status" IN (${sqlList(DECISION_STATUSES)})`)
@Check('ck_decisions_made', `"status" <> 'made' OR ("decided_by" IS NOT NULL AND "decided_on" IS NOT NULL AND "rationale" IS NOT NULL)`)
export class DecisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_decisions' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_decisions_organisation' })
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

  @Column({ type: 'uuid' })
  ownerPersonId: string;

  @Column({ type: 'varchar', length: 16, default: 'awaited' })
  status: DecisionStatus;

  /** By when an awaited decision is needed. */
  @Column({ type: 'date', nullable: true })
  neededBy: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  decidedBy: string | null;

  @Column({ type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ type: 'text', nullable: true })
  rationale: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
