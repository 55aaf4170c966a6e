import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/**
 * A CSV chosen in the board's upload form, kept while the finance officer maps its columns and
 * checks the preview; submitting it hands the bytes to an import and deletes the draft. Drafts
 * older than a day are deleted when the next one is stored.
 */
@Entity('spend_upload_drafts')
@Unique('uq_spend_upload_drafts_organisation_id_id', ['organisationId', 'id'])
@Index('idx_spend_upload_drafts_created_at', ['organisationId', 'createdAt'])
@Check('ck_spend_upload_drafts_size_bytes', `"size_bytes" > 0`)
export class SpendUploadDraftEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_spend_upload_drafts' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_spend_upload_drafts_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'bytea' })
  data: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
