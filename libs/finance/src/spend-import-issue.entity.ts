import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { SpendImportEntity } from './spend-import.entity';

/** Every rejected or duplicate row of an import, so the list is complete however long (paged by seq). */
@Entity('spend_import_issues')
@Check('ck_spend_import_issues_kind', `"kind" IN ('rejected', 'duplicate')`)
@ForeignKey(() => SpendImportEntity, ['organisationId', 'importId'], ['organisationId', 'id'], { name: 'fk_spend_import_issues_import' })
export class SpendImportIssueEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_import_issues' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_import_issues' })
  importId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_spend_import_issues' })
  seq: number;

  @Column({ type: 'integer' })
  line: number;

  @Column({ type: 'varchar', length: 16 })
  kind: 'rejected' | 'duplicate';

  @Column({ type: 'varchar', length: 1000 })
  message: string;

  /** For a duplicate: the ledger entry it matches. */
  @Column({ type: 'uuid', nullable: true })
  entryId: string | null;
}
