import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity } from '../auth/organisation.entity';
import { PersonEntity } from './person.entity';

export const PROGRAMME_ROLES = ['sro', 'programme_manager'] as const;
export const PROJECT_ROLES = ['project_manager', 'contributor'] as const;
export const MEMBERSHIP_ROLES = [...PROGRAMME_ROLES, ...PROJECT_ROLES] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/**
 * A person's role on one programme (sro, programme_manager) or one project (project_manager,
 * contributor): the right to write within it, and to see it when its programme is restricted.
 */
@Entity('memberships')
@Unique('uq_memberships_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_memberships_person_programme_role', ['organisationId', 'personId', 'programmeId', 'role'])
@Unique('uq_memberships_person_project_role', ['organisationId', 'personId', 'projectId', 'role'])
@Index('idx_memberships_organisation_id_programme_id', ['organisationId', 'programmeId'])
@Index('idx_memberships_organisation_id_project_id', ['organisationId', 'projectId'])
@ForeignKey(() => PersonEntity, ['organisationId', 'personId'], ['organisationId', 'id'], { name: 'fk_memberships_person', onDelete: 'CASCADE' })
@ForeignKey('ProgrammeEntity', ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_memberships_programme', onDelete: 'CASCADE' })
@ForeignKey('ProjectEntity', ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_memberships_project', onDelete: 'CASCADE' })
@Check('ck_memberships_role', `("role" IN ('sro', 'programme_manager') AND "programme_id" IS NOT NULL AND "project_id" IS NULL) OR ("role" IN ('project_manager', 'contributor') AND "project_id" IS NOT NULL AND "programme_id" IS NULL)`)
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_memberships' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_memberships_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  personId: string;

  @Column({ type: 'uuid', nullable: true })
  programmeId: string | null;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'varchar', length: 32 })
  role: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A restricted programme: only its members and people with organisation roles beyond viewer see it. */
@Entity('programme_restrictions')
@ForeignKey('ProgrammeEntity', ['organisationId', 'programmeId'], ['organisationId', 'id'], { name: 'fk_programme_restrictions_programme', onDelete: 'CASCADE' })
export class ProgrammeRestrictionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_programme_restrictions' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_programme_restrictions_organisation' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_programme_restrictions' })
  programmeId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
