import { Column, CreateDateColumn, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '../auth/organisation.entity';

/** Who did what to which entity, with before and after. Append-only: the app role cannot change rows. */
@Entity('audit_events')
@Index('idx_audit_events_organisation_id_seq', ['organisationId', 'seq'])
@Index('idx_audit_events_organisation_id_entity', ['organisationId', 'entityType', 'entityId', 'seq'])
@Unique('uq_audit_events_organisation_id_chain_index', ['organisationId', 'chainIndex'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_audit_events', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'uuid' })
  @Generated('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_audit_events_organisation' })
  organisationId: string;

  @Column({ type: 'uuid', nullable: true })
  actorTokenId: string | null;

  @Column({ type: 'varchar', length: 100 })
  actorName: string;

  /** The person behind the change (a board session, or a token that belongs to them). */
  @Column({ type: 'uuid', nullable: true })
  actorPersonId: string | null;

  /** The board session the change came through. */
  @Column({ type: 'uuid', nullable: true })
  actorSessionId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  /** Position in the organisation's hash chain, set by the insert trigger (see the audit-chain migration). */
  @Column({ type: 'bigint' })
  chainIndex: string;

  /** sha256(previous row's hash || audit_canonical(this row)). */
  @Column({ type: 'bytea' })
  hash: Buffer;
}
