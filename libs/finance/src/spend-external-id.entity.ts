import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which ledger entry holds each external id, one per organisation across every financial year: the
 * ledger is partitioned by year, and a unique index there could only be unique within a year. Every
 * write claims its external ids here first (ON CONFLICT DO NOTHING); the ledger's references trigger
 * refuses an entry with an external id it did not claim. Append-only, like the ledger.
 */
@Entity('spend_external_ids')
export class SpendExternalIdEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_external_ids' })
  organisationId: string;

  @PrimaryColumn({ type: 'varchar', length: 128, primaryKeyConstraintName: 'pk_spend_external_ids' })
  externalId: string;

  @Column({ type: 'uuid' })
  entryId: string;

  /** The entry's year, so reading it back goes to one partition. */
  @Column({ type: 'varchar', length: 7 })
  financialYear: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
