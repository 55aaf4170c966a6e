import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';

/** The capability plan of a project: in-house roles it needs and how many are filled by permanent staff. */
@Entity('capability_roles')
@Unique('uq_capability_roles_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_capability_roles_project_role', ['organisationId', 'projectId', 'role'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_capability_roles_project' })
@Check('ck_capability_roles_counts', `"needed" >= 0 AND "filled" >= 0 AND "filled" <= "needed"`)
export class CapabilityRoleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_capability_roles' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_capability_roles_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 120 })
  role: string;

  @Column({ type: 'integer' })
  needed: number;

  @Column({ type: 'integer' })
  filled: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
