import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import type { BudgetCategory } from './finance.enums';

/** Every figure a budget has had, with why and who approved it (append-only). The latest line is the current budget. */
@Entity('budget_changes')
@Unique('uq_budget_changes_organisation_id_id', ['organisationId', 'id'])
@Index('idx_budget_changes_organisation_id_project_id', ['organisationId', 'projectId', 'financialYear', 'createdAt'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_budget_changes_project' })
@Check('ck_budget_changes_category', `"category" IN ('resource', 'capital')`)
@Check('ck_budget_changes_financial_year', `"financial_year" ~ '^[0-9]{4}-[0-9]{2}$'`)
@Check('ck_budget_changes_amount', `"amount" >= 0`)
export class BudgetChangeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_budget_changes' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_budget_changes_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 7 })
  financialYear: string;

  @Column({ type: 'varchar', length: 16 })
  category: BudgetCategory;

  /** The budget from this change on. */
  @Column({ type: 'numeric', precision: 15, scale: 2 })
  amount: string;

  /** The figure it replaced; NULL for the first. */
  @Column({ type: 'numeric', precision: 15, scale: 2, nullable: true })
  previousAmount: string | null;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  approvedBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByTokenId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
