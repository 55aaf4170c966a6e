import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import type { ImportMode, ImportStatus } from './finance.enums';

export interface ImportRowError {
  line: number;
  message: string;
}

/**
 * A CSV upload and its outcome. The checksum is unique among imports that did not fail, so the same
 * file sent twice is answered with the first import instead of being counted twice.
 */
@Entity('spend_imports')
@Unique('uq_spend_imports_organisation_id_id', ['organisationId', 'id'])
@Index('uq_spend_imports_organisation_id_checksum', ['organisationId', 'checksum'], { unique: true, where: `"status" <> 'failed'` })
@Check('ck_spend_imports_status', `"status" IN ('queued', 'processing', 'completed', 'failed')`)
@Check('ck_spend_imports_mode', `"mode" IN ('atomic', 'partial')`)
@Check('ck_spend_imports_encoding', `"encoding" IN ('utf-8', 'windows-1252')`)
export class SpendImportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_spend_imports' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_spend_imports_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
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

  @Column({ type: 'integer', nullable: true })
  totalRows: number | null;

  @Column({ type: 'integer', default: 0 })
  processedRows: number;

  @Column({ type: 'integer', default: 0 })
  importedRows: number;

  @Column({ type: 'integer', default: 0 })
  rejectedRows: number;

  /** Rejected rows (line and reason), the first 1000; rejectedRows has the full count. */
  @Column({ type: 'jsonb', default: [] })
  errors: ImportRowError[];

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
