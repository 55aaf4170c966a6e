import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ObjectiveEntity } from './objective.entity';
import type { LifecycleStatus } from './portfolio.enums';

@Entity('programmes')
@Unique('uq_programmes_organisation_id_code', ['organisationId', 'code'])
@Unique('uq_programmes_organisation_id_id', ['organisationId', 'id'])
@Index('idx_programmes_organisation_id_objective_id', ['organisationId', 'objectiveId'])
@ForeignKey(() => ObjectiveEntity, ['organisationId', 'objectiveId'], ['organisationId', 'id'], { name: 'fk_programmes_objective' })
@Check('ck_programmes_status', `"status" IN ('active', 'paused', 'closed', 'archived')`)
@Check('ck_programmes_dates', `"end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date"`)
@Check('ck_programmes_budget', `"whole_life_budget" IS NULL OR "whole_life_budget" >= 0`)
export class ProgrammeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_programmes' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_programmes_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'uuid', nullable: true })
  objectiveId: string | null;

  /** Senior responsible owner. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sro: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: LifecycleStatus;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'numeric', precision: 15, scale: 2, nullable: true })
  wholeLifeBudget: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
