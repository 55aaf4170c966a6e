import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import type { BudgetCategory, CommitmentKind, CostType } from './finance.enums';
import { SupplierEntity } from './supplier.entity';

/** A purchase order or contract placed but not yet paid (append-only). Spend with the same order number draws it down. */
@Entity('commitments')
@Unique('uq_commitments_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_commitments_organisation_id_project_id_order_number', ['organisationId', 'projectId', 'orderNumber'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_commitments_project' })
@ForeignKey(() => SupplierEntity, ['organisationId', 'supplierId'], ['organisationId', 'id'], { name: 'fk_commitments_supplier' })
@Check('ck_commitments_kind', `"kind" IN ('purchase_order', 'contract')`)
@Check('ck_commitments_category', `"category" IN ('resource', 'capital')`)
@Check('ck_commitments_cost_type', `"cost_type" IN ('staff', 'contractors', 'suppliers', 'licences', 'hosting', 'hardware', 'training', 'user_research', 'other')`)
@Check('ck_commitments_financial_year', `"financial_year" ~ '^[0-9]{4}-[0-9]{2}$'`)
@Check('ck_commitments_amount', `"amount" > 0`)
export class CommitmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_commitments' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_commitments_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CommitmentKind;

  @Column({ type: 'varchar', length: 100 })
  orderNumber: string;

  @Column({ type: 'varchar', length: 200 })
  supplier: string;

  @Column({ type: 'uuid', nullable: true })
  supplierId: string | null;

  @Column({ type: 'varchar', length: 16 })
  category: BudgetCategory;

  @Column({ type: 'varchar', length: 16 })
  costType: CostType;

  /** Derived from committedOn and the organisation's start month. */
  @Column({ type: 'varchar', length: 7 })
  financialYear: string;

  @Column({ type: 'date' })
  committedOn: string;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  amount: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByTokenId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
