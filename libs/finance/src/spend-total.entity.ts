import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ProjectEntity } from '@app/portfolio';

/**
 * Running totals of the ledger per project, financial year and category, kept in the same
 * transaction as every ledger insert (never stale), so summaries read a handful of rows instead of
 * summing millions of entries.
 */
@Entity('spend_totals')
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_spend_totals_project' })
export class SpendTotalEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_totals' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_totals' })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 7, primaryKeyConstraintName: 'pk_spend_totals' })
  financialYear: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pk_spend_totals' })
  category: string;

  @Column({ type: 'numeric', precision: 17, scale: 2, default: 0 })
  total: string;

  @Column({ type: 'numeric', precision: 17, scale: 2, default: 0 })
  smeTotal: string;

  @Column({ type: 'bigint', default: 0 })
  entryCount: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
