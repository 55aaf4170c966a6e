import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '../auth/organisation.entity';

/**
 * One row per Idempotency-Key, scoped to the organisation (the token that sent it is kept), written in the same transaction as
 * the effect it guards, so a replay finds either nothing or the complete first answer.
 */
@Entity('idempotency_keys')
@Index('idx_idempotency_keys_created_at', ['createdAt'])
@Index('idx_idempotency_keys_organisation_id_key', ['organisationId', 'key'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_keys' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_idempotency_keys_organisation' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_keys' })
  tokenId: string;

  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_idempotency_keys' })
  key: string;

  @Column({ type: 'varchar', length: 200 })
  route: string;

  @Column({ type: 'bytea' })
  requestHash: Buffer;

  @Column({ type: 'smallint' })
  responseStatus: number;

  @Column({ type: 'jsonb' })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
