import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import type { UnmappedPolicy } from './finance.enums';

/**
 * How an organisation-wide extract is split across projects: a column (department, cost centre,
 * service code) and which project each of its values belongs to. Values with no project are
 * rejected, or sent to a named holding project.
 */
@Entity('spend_split_mappings')
@Unique('uq_spend_split_mappings_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_spend_split_mappings_organisation_id_name', ['organisationId', 'name'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'holdingProjectId'], ['organisationId', 'id'], { name: 'fk_spend_split_mappings_holding_project' })
@Check('ck_spend_split_mappings_unmapped', `("unmapped" = 'reject' AND "holding_project_id" IS NULL) OR ("unmapped" = 'holding' AND "holding_project_id" IS NOT NULL)`)
export class SpendSplitMappingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_spend_split_mappings' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_spend_split_mappings_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The extract's column header whose values decide the project. */
  @Column({ type: 'varchar', length: 200 })
  columnName: string;

  /** Value (as written in the extract) to project id. */
  @Column({ type: 'jsonb' })
  values: Record<string, string>;

  @Column({ type: 'varchar', length: 8 })
  unmapped: UnmappedPolicy;

  @Column({ type: 'uuid', nullable: true })
  holdingProjectId: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
