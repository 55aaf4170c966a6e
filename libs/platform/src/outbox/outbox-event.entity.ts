import { Column, CreateDateColumn, Entity, ForeignKey, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '../auth/organisation.entity';

/**
 * Work a request started, written in the request's own transaction so that it survives a Redis
 * outage; the relay in the worker moves undispatched rows to Bull with job id = row id.
 */
@Entity('outbox_events')
@Index('idx_outbox_events_pending', ['seq'], { where: '"dispatched_at" IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_outbox_events', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'uuid' })
  @Generated('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_outbox_events_organisation' })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ type: 'varchar', length: 64 })
  jobName: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
