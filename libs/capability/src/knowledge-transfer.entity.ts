import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import type { KnowledgeTransferKind } from './capability.enums';

/**
 * A knowledge-transfer activity (pairing, handover, training of permanent staff) with its date and
 * evidence. Append-only: the record of what was done is not rewritten.
 */
@Entity('knowledge_transfers')
@Unique('uq_knowledge_transfers_organisation_id_id', ['organisationId', 'id'])
@Index('idx_knowledge_transfers_project_occurred_on', ['organisationId', 'projectId', 'occurredOn'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_knowledge_transfers_project' })
@Check('ck_knowledge_transfers_kind', `"kind" IN ('pairing', 'handover', 'training')`)
@Check('ck_knowledge_transfers_permanent_staff', `"permanent_staff" > 0`)
export class KnowledgeTransferEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_knowledge_transfers' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_knowledge_transfers_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: KnowledgeTransferKind;

  @Column({ type: 'date' })
  occurredOn: string;

  /** How many permanent staff took part. */
  @Column({ type: 'integer' })
  permanentStaff: number;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  /** Where the evidence is: a link, a document reference. */
  @Column({ type: 'varchar', length: 1000 })
  evidence: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
