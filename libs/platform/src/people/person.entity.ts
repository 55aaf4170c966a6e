import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '../auth/organisation.entity';

/** Someone who works in an organisation and signs in through its identity provider. */
@Entity('people')
@Unique('uq_people_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_people_organisation_id_email', ['organisationId', 'email'])
@Unique('uq_people_organisation_id_subject', ['organisationId', 'subject'])
@Check('ck_people_status', `"status" IN ('invited', 'active', 'deactivated')`)
@Check('ck_people_roles', `"roles" <@ ARRAY['admin', 'pmo', 'finance', 'viewer']::text[]`)
@Check('ck_people_email', `"email" = lower("email")`)
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_people' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_people_organisation' })
  organisationId: string;

  /** Lower-cased; the identity provider's verified email claim must match it. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'invited' })
  status: string;

  @Column({ type: 'text', array: true, default: () => `'{viewer}'` })
  roles: string[];

  /** The identity provider's stable `sub`, recorded at first sign-in. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  subject: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
