import { Entity, PrimaryColumn, Column } from 'typeorm';

/**
 * Which live ledger entry holds each content fingerprint: one per organisation. Reversing the entry
 * (or undoing its import) deletes the row, so the same payment may be recorded again afterwards.
 */
@Entity('spend_fingerprints')
export class SpendFingerprintEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_fingerprints' })
  organisationId: string;

  @PrimaryColumn({ type: 'bytea', primaryKeyConstraintName: 'pk_spend_fingerprints' })
  fingerprint: Buffer;

  @Column({ type: 'uuid' })
  entryId: string;
}
