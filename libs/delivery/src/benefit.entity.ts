import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { ObjectiveEntity, ProgrammeEntity, ProjectEntity } from '@app/portfolio';
import { KpiEntity } from '@app/kpis';
import { BENEFIT_KINDS, BenefitKind, sqlList } from './delivery.enums';

/**
 * A benefit a project (or a programme, with no project) is to deliver: its kind, owner, the
 * strategic objective it serves, its baseline and target, and (when a KPI measures it) the KPI
 * whose measurements are its realised amounts. Amounts are numeric, in the benefit's unit (pounds
 * for the two money kinds).
 */
@Entity('benefits')
@Unique('uq_benefits_organisation_id_id', ['organisationId', 'id'])
@Index('idx_benefits_organisation_id_project_id', ['organisationId', 'projectId'])
@Index('idx_benefits_organisation_id_programme_id', ['organisationId', 'programmeId'])
@Index('idx_benefits_organisation_id_objective_id', ['organisationId', 'objectiveId'])
@ForeignKey(() => ProgrammeEntity, ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_benefits_programme', onDelete: 'CASCADE' })
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_benefits_project', onDelete: 'CASCADE' })
@ForeignKey(() => ObjectiveEntity, ['organisationId', 'objectiveId'], ['organisationId', 'id'], { name: 'fk_benefits_objective' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_benefits_owner_person' })
@ForeignKey(() => KpiEntity, ['organisationId', 'realisationKpiId'], ['organisationId', 'id'], { name: 'fk_benefits_realisation_kpi' })
@Check('ck_benefits_kind', `"kind" IN (${sqlList(BENEFIT_KINDS)})`)
export class BenefitEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_benefits' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_benefits_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  programmeId: string;

  /** Null for a programme's own benefit. */
  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'uuid', nullable: true })
  objectiveId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 24 })
  kind: BenefitKind;

  /** "GBP" for the money kinds; the measure's unit for a non-monetised one. */
  @Column({ type: 'varchar', length: 40 })
  unit: string;

  @Column({ type: 'uuid' })
  ownerPersonId: string;

  @Column({ type: 'numeric', precision: 17, scale: 2 })
  baselineValue: string;

  @Column({ type: 'numeric', precision: 17, scale: 2 })
  targetValue: string;

  /** The linked KPI whose measurements are the realised amounts (the last in each month); null: realisations are entered. */
  @Column({ type: 'uuid', nullable: true })
  realisationKpiId: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
