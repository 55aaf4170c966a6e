import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '../auth/organisation.entity';

/** The organisation's own OpenID Connect provider. The client secret is stored encrypted (SecretBox). */
@Entity('organisation_identity_providers')
export class IdentityProviderEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_organisation_identity_providers' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_organisation_identity_providers_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  clientId: string;

  @Column({ type: 'bytea' })
  clientSecretEncrypted: Buffer;

  /** Email domains whose people may sign in without an invitation (created as viewers). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  allowedDomains: string[];

  @VersionColumn({ default: 1 })
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
