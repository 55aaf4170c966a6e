import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import type { BudgetCategory, WholeLifeCostKind } from './finance.enums';

/** A project's whole-life cost, baseline or forecast, per category (append-only; the latest as-of date counts). */
@Entity('whole_life_costs')
@Unique('uq_whole_life_costs_organisation_id_id', ['organisationId', 'id'])
@Index('idx_whole_life_costs_organisation_id_project_id', ['organisationId', 'projectId', 'kind', 'category', 'asOf'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_whole_life_costs_project' })
@Check('ck_whole_life_costs_kind', `"kind" IN ('baseline', 'forecast')`)
@Check('ck_whole_life_costs_category', `"category" IN ('resource', 'capital')`)
@Check('ck_whole_life_costs_amount', `"amount" >= 0`)
export class WholeLifeCostEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_whole_life_costs' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_whole_life_costs_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: WholeLifeCostKind;

  @Column({ type: 'varchar', length: 16 })
  category: BudgetCategory;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  amount: string;

  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByTokenId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
