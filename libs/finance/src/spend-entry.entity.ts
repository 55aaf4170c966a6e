import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BudgetCategory, CostType, SpendKind, SpendSource } from './finance.enums';

/**
 * The spend ledger. Append-only (grants and a trigger): a correction of a mistake is a new entry that
 * reverses the original; a credit note or journal is a line of its own (see `kind`).
 *
 * References (project, reversed entry, import; all composite with the organisation) are checked by
 * the statement-level trigger trg_spend_entries_references (migration 1763800003100), not by
 * row-by-row foreign keys, which made bulk COPY about three times slower. The organisation is
 * reached through the project.
 *
 * Partitioned by financial year (migration 1763800030000): one partition a year, made two years
 * ahead by the worker (SpendPartitionsService).
 */
@Entity('spend_entries')
// Unique per organisation across years through spend_external_ids (SpendExternalIdEntity).
@Index('idx_spend_entries_organisation_id_external_id', ['organisationId', 'externalId'], { where: '"external_id" IS NOT NULL' })
// A reversal is filed in its original's year, so the year in the key keeps "reversed at most once".
@Index('uq_spend_entries_organisation_id_reverses_id', ['organisationId', 'reversesId', 'financialYear'], { unique: true, where: '"reverses_id" IS NOT NULL' })
@Index('idx_spend_entries_organisation_id_spent_on', ['organisationId', 'spentOn', 'id'])
@Index('idx_spend_entries_organisation_id_project_id_spent_on', ['organisationId', 'projectId', 'spentOn'])
// Partial, with the summed columns (INCLUDE, which TypeORM cannot describe, hence not compared):
// the outside-expertise figures (outside-expertise.queries.ts), migration 1763800029000.
@Index('idx_spend_entries_outside_expertise', { synchronize: false })
@Index('idx_spend_entries_organisation_id_import_id', ['organisationId', 'importId'], { where: '"import_id" IS NOT NULL' })
@Check('ck_spend_entries_category', `"category" IN ('resource', 'capital')`)
@Check('ck_spend_entries_cost_type', `"cost_type" IN ('staff', 'contractors', 'consultancy', 'suppliers', 'licences', 'hosting', 'hardware', 'training', 'user_research', 'other')`)
@Check('ck_spend_entries_source', `"source" IN ('api', 'batch', 'import')`)
@Check('ck_spend_entries_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Index('idx_spend_entries_organisation_id_project_id_order_number', ['organisationId', 'projectId', 'orderNumber'], { where: '"order_number" IS NOT NULL' })
@Index('idx_spend_entries_organisation_id_supplier_id', ['organisationId', 'supplierId'], { where: '"supplier_id" IS NOT NULL' })
@Check('ck_spend_entries_kind', `"kind" IN ('payment', 'credit_note', 'journal')`)
@Check(
  'ck_spend_entries_amount',
  `("kind" = 'payment' AND (("reverses_id" IS NULL AND "amount" > 0) OR ("reverses_id" IS NOT NULL AND "amount" < 0)))
      OR ("kind" = 'credit_note' AND (("reverses_id" IS NULL AND "amount" < 0) OR ("reverses_id" IS NOT NULL AND "amount" > 0)))
      OR ("kind" = 'journal' AND "amount" <> 0)`,
)
@Check('ck_spend_entries_financial_year', `"financial_year" ~ '^[0-9]{4}-[0-9]{2}$'`)
export class SpendEntryEntity {
  /** UUIDv7 (time-ordered), made by the application or the column's default, uuid_v7(). */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_entries', default: () => 'uuid_v7()' })
  id: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  /** Derived from spentOn and the organisation's start month when the entry is written; the partition key. */
  @PrimaryColumn({ type: 'varchar', length: 7, primaryKeyConstraintName: 'pk_spend_entries' })
  financialYear: string;

  @Column({ type: 'date' })
  spentOn: string;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  amount: string;

  @Column({ type: 'char', length: 3, default: 'GBP' })
  currency: string;

  @Column({ type: 'varchar', length: 16 })
  category: BudgetCategory;

  @Column({ type: 'varchar', length: 16 })
  costType: CostType;

  @Column({ type: 'varchar', length: 200 })
  supplier: string;

  @Column({ type: 'boolean', default: false })
  supplierIsSme: boolean;

  /** False when the sender did not say whether the supplier is an SME (then supplierIsSme means nothing). */
  @Column({ type: 'boolean', default: true })
  smeStated: boolean;

  /** The supplier register's row, when the entry is linked to one (its SME status then wins). */
  @Column({ type: 'uuid', nullable: true })
  supplierId: string | null;

  /** payment, credit_note (a supplier's credit, negative) or journal (either sign); a reversal keeps its original's kind. */
  @Column({ type: 'varchar', length: 16, default: 'payment' })
  kind: SpendKind;

  /** The purchase order or contract the spend draws down (see commitments). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  orderNumber: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  /** The sending system's id: unique in the organisation for ever. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  externalId: string | null;

  /** Set on a reversal: the entry it cancels (at most one reversal per entry). */
  @Column({ type: 'uuid', nullable: true })
  reversesId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reversalReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  importId: string | null;

  @Column({ type: 'varchar', length: 8 })
  source: SpendSource;

  /** SHA-256 of the normalised content (see fingerprint.ts); NULL on reversals. */
  @Column({ type: 'bytea', nullable: true })
  fingerprint: Buffer | null;

  @Column({ type: 'uuid', nullable: true })
  createdByTokenId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
