import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ApiTokenEntity, OrganisationEntity } from '@app/platform';

/**
 * A board member's browser session. The cookie carries only a random secret; the row keeps its
 * SHA-256, so a copy of this table signs nobody in. The token behind the session is re-checked on
 * every request (revoked or expired token: signed out).
 */
@Entity('board_sessions')
@Unique('uq_board_sessions_secret_hash', ['secretHash'])
@Index('idx_board_sessions_expires_at', ['expiresAt'])
@ForeignKey(() => ApiTokenEntity, ['organisationId', 'tokenId'], ['organisationId', 'id'], { name: 'fk_board_sessions_token', onDelete: 'CASCADE' })
export class BoardSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_board_sessions' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_board_sessions_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  tokenId: string;

  @Column({ type: 'bytea' })
  secretHash: Buffer;

  /** The synchronizer token every form of this session carries. */
  @Column({ type: 'varchar', length: 64 })
  csrfSecret: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;
}

export const BOARD_ENTITIES = [BoardSessionEntity];
