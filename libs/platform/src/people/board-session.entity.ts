import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ApiTokenEntity } from '../auth/api-token.entity';
import { OrganisationEntity } from '../auth/organisation.entity';
import { PersonEntity } from './person.entity';

/**
 * A person's browser session on the board. The cookie carries only a random secret; the row keeps
 * its SHA-256, so a copy of this table signs nobody in. The person (or, in development, the token)
 * behind the session is re-checked on every request: deactivated, revoked or expired signs out.
 */
@Entity('board_sessions')
@Unique('uq_board_sessions_secret_hash', ['secretHash'])
@Index('idx_board_sessions_expires_at', ['expiresAt'])
@ForeignKey(() => ApiTokenEntity, ['organisationId', 'tokenId'], ['organisationId', 'id'], { name: 'fk_board_sessions_token', onDelete: 'CASCADE' })
@ForeignKey(() => PersonEntity, ['organisationId', 'personId'], ['organisationId', 'id'], { name: 'fk_board_sessions_person', onDelete: 'CASCADE' })
@Check('ck_board_sessions_owner', `("token_id" IS NULL) <> ("person_id" IS NULL)`)
export class BoardSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_board_sessions' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_board_sessions_organisation' })
  organisationId: string;

  /** Development sign-in with a pasted token only (BOARD_TOKEN_SIGN_IN). */
  @Column({ type: 'uuid', nullable: true })
  tokenId: string | null;

  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

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
