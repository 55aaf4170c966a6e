import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/** When a whole-organisation governance scan (full or incremental) last ran: the "last seen" of its open flags. */
@Entity('organisation_scan_marks')
export class OrganisationScanMarkEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_organisation_scan_marks' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_organisation_scan_marks_organisation' })
  organisationId: string;

  @Column({ type: 'timestamptz' })
  scannedAt: Date;

  /** The day that scan judged as of: an incremental scan re-judges what crossed a threshold since. */
  @Column({ type: 'date', nullable: true })
  scannedFor: string | null;

  /** The day of the last full scan (every project re-judged). */
  @Column({ type: 'date', nullable: true })
  fullScannedFor: string | null;

  /** The organisation's thresholds, month and financial year then: when they change, the next scan is full. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  thresholdsDigest: string | null;
}
