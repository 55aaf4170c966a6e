import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import type { ImportMode, ImportStatus } from './finance.enums';

export interface ImportRowError {
  line: number;
  message: string;
  kind?: 'rejected' | 'duplicate';
  entryId?: string;
}

/**
 * A CSV upload and its outcome. The same file with the same mapping sent again (while the first is
 * neither failed nor undone) is answered with the first import; rows are deduplicated one by one
 * by their fingerprints whatever the file's bytes.
 */
@Entity('spend_imports')
@Unique('uq_spend_imports_organisation_id_id', ['organisationId', 'id'])
@Index('uq_spend_imports_organisation_id_checksum_mapping_hash', ['organisationId', 'checksum', 'mappingHash'], { unique: true, where: `"status" NOT IN ('failed', 'undone')` })
@Index('idx_spend_imports_organisation_id_created_at', ['organisationId', 'createdAt', 'id'])
@Index('idx_spend_imports_organisation_id_header_signature', ['organisationId', 'headerSignature', 'createdAt'], { where: '"header_signature" IS NOT NULL' })
@Check('ck_spend_imports_status', `"status" IN ('queued', 'processing', 'completed', 'completed_with_errors', 'nothing_imported', 'failed', 'undoing', 'undone')`)
@Check('ck_spend_imports_mode', `"mode" IN ('atomic', 'partial')`)
@Check('ck_spend_imports_encoding', `"encoding" IN ('utf-8', 'windows-1252')`)
export class SpendImportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_spend_imports' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_spend_imports_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 24, default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'varchar', length: 16, default: 'atomic' })
  mode: ImportMode;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  /** SHA-256 of the file bytes, hex. */
  @Column({ type: 'varchar', length: 64 })
  checksum: string;

  /** Decided at upload: UTF-8 when every byte sequence is valid UTF-8, else Windows-1252. */
  @Column({ type: 'varchar', length: 16 })
  encoding: string;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'jsonb' })
  mapping: Record<string, unknown>;

  /** SHA-256 of the mapping as stored: the same file with another mapping is a new import. */
  @Column({ type: 'varchar', length: 64, default: '' })
  mappingHash: string;

  /** Rows matching an entry already in the ledger are imported anyway (an audited choice). */
  @Column({ type: 'boolean', default: false })
  allowDuplicates: boolean;

  @Column({ type: 'integer', nullable: true })
  totalRows: number | null;

  @Column({ type: 'integer', default: 0 })
  processedRows: number;

  @Column({ type: 'integer', default: 0 })
  importedRows: number;

  @Column({ type: 'integer', default: 0 })
  rejectedRows: number;

  /** Rows not written because the ledger already holds the same entry. */
  @Column({ type: 'integer', default: 0 })
  duplicateRows: number;

  /** The first rejected or duplicate rows (line and reason); every one is in spend_import_issues. */
  @Column({ type: 'jsonb', default: [] })
  errors: ImportRowError[];

  /** How many rows spend_import_issues holds for this import. */
  @Column({ type: 'integer', default: 0 })
  issueCount: number;

  /** The file's header as read, and a hash of its normalised, sorted names (the file's shape). */
  @Column({ type: 'jsonb', nullable: true })
  header: string[] | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  headerSignature: string | null;

  /** The import whose stored file this one re-runs with another mapping. */
  @Column({ type: 'uuid', nullable: true })
  rerunOfId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  undoReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  undoneByTokenId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  undoneAt: Date | null;

  /** Entries reversed by undoing the import. */
  @Column({ type: 'integer', default: 0 })
  reversedRows: number;

  /** Split imports: each value of the split column that has no project, with its row count and what happened to those rows. */
  @Column({ type: 'jsonb', nullable: true })
  unmappedValues: { value: string; rows: number; outcome: 'rejected' | 'holding' }[] | null;

  /** Why the whole import failed (a missing column, an unreadable file), if it did. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  failureReason: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'uuid', nullable: true })
  createdByTokenId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
