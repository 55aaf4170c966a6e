import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { GROUP_KINDS, GroupKind, PUBLIC_GROUP_KINDS, sqlList, STAFF_GROUP_KINDS } from './engagement.enums';

/**
 * People a project must hear from and bring along. The (organisation_id, project_id, id) unique lets
 * evidence rows reference a group together with its project, so evidence can never sit on one
 * project while pointing at another project's group.
 */
@Entity('stakeholder_groups')
@Unique('uq_stakeholder_groups_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_stakeholder_groups_organisation_id_project_id_id', ['organisationId', 'projectId', 'id'])
@Unique('uq_stakeholder_groups_project_name', ['organisationId', 'projectId', 'name'])
@Unique('uq_stakeholder_groups_organisation_id_external_ref', ['organisationId', 'externalSource', 'externalId'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_stakeholder_groups_project' })
@Check('ck_stakeholder_groups_kind', `"kind" IN (${sqlList(GROUP_KINDS)})`)
@Check('ck_stakeholder_groups_internal_kind', `NOT ("internal" AND "kind" IN (${sqlList(PUBLIC_GROUP_KINDS)})) AND ("internal" OR "kind" NOT IN (${sqlList(STAFF_GROUP_KINDS)}))`)
@Check('ck_stakeholder_groups_external_ref', `("external_source" IS NULL) = ("external_id" IS NULL)`)
@Check('ck_stakeholder_groups_size', `"size" IS NULL OR "size" > 0`)
export class StakeholderGroupEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_stakeholder_groups' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_stakeholder_groups_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: GroupKind;

  /** Staff of the organisation (buy-in and training apply) or people outside it (feedback applies). */
  @Column({ type: 'boolean' })
  internal: boolean;

  @Column({ type: 'integer', nullable: true })
  size: number | null;

  /** The integrating tool (e.g. "crm") and its own id, for idempotent upserts. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalSource: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  externalId: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
