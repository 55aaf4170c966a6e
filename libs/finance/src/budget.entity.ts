import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import type { BudgetCategory } from './finance.enums';

/** A project's budget for one financial year and category. A re-baseline updates it; the audit trail keeps the old figure. */
@Entity('budgets')
@Unique('uq_budgets_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_budgets_project_year_category', ['organisationId', 'projectId', 'financialYear', 'category'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_budgets_project' })
@Check('ck_budgets_category', `"category" IN ('resource', 'capital')`)
@Check('ck_budgets_financial_year', `"financial_year" ~ '^[0-9]{4}-[0-9]{2}$'`)
@Check('ck_budgets_amount', `"amount" >= 0`)
export class BudgetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_budgets' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_budgets_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 7 })
  financialYear: string;

  @Column({ type: 'varchar', length: 16 })
  category: BudgetCategory;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  amount: string;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
