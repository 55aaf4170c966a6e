import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { SpendImportEntity } from './spend-import.entity';

/**
 * The uploaded file, in order, in PostgreSQL: any worker on any machine can stream it, and nothing
 * that must not be lost lives only in Redis or on one disk. Deleted once the import has finished.
 * The foreign key is deferred because the import row is written after the file, when its checksum is known.
 */
@Entity('spend_import_chunks')
@ForeignKey(() => SpendImportEntity, ['organisationId', 'importId'], ['organisationId', 'id'], { name: 'fk_spend_import_chunks_import', deferrable: 'INITIALLY DEFERRED' })
export class SpendImportChunkEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_import_chunks' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_spend_import_chunks' })
  importId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_spend_import_chunks' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;
}
