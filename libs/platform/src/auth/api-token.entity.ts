import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { PersonEntity } from '../people/person.entity';

/** A bearer token. Only a SHA-256 of the secret is kept; the prefix lets people recognise it. */
@Entity('api_tokens')
@Unique('uq_api_tokens_lookup_id', ['lookupId'])
@Unique('uq_api_tokens_organisation_id_id', ['organisationId', 'id'])
@Index('idx_api_tokens_organisation_id_created_at', ['organisationId', 'createdAt'])
@Index('idx_api_tokens_organisation_id_person_id', ['organisationId', 'personId'])
@ForeignKey(() => PersonEntity, ['organisationId', 'personId'], ['organisationId', 'id'], { name: 'fk_api_tokens_person' })
@ForeignKey(() => PersonEntity, ['organisationId', 'ownerPersonId'], ['organisationId', 'id'], { name: 'fk_api_tokens_owner_person' })
@Check('ck_api_tokens_kind', `("integration" IS NULL) = ("owner_person_id" IS NULL) AND NOT ("integration" IS NOT NULL AND "person_id" IS NOT NULL) AND ("programme_ids" IS NULL OR "integration" IS NOT NULL)`)
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_tokens' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_api_tokens_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', array: true })
  scopes: string[];

  /** The public part of the token (after the kind prefix), used to find the row. */
  @Column({ type: 'varchar', length: 32 })
  lookupId: string;

  @Column({ type: 'bytea' })
  secretHash: Buffer;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdByTokenId: string | null;

  /**
   * The person the token belongs to: it never does more than that person may, and stops when the
   * person is deactivated. Null for organisation tokens from before people existed.
   */
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  /** An integration token: the integration's name, the person accountable for it, and the programmes it may reach (null: all). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  integration: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerPersonId: string | null;

  @Column({ type: 'uuid', array: true, nullable: true })
  programmeIds: string[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
