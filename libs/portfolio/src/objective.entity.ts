import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/** A strategic objective of the organisation; programmes link to one (65% transform with no strategy). */
@Entity('strategic_objectives')
@Unique('uq_strategic_objectives_organisation_id_code', ['organisationId', 'code'])
@Unique('uq_strategic_objectives_organisation_id_id', ['organisationId', 'id'])
@Check('ck_strategic_objectives_status', `"status" IN ('active', 'archived')`)
export class ObjectiveEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_strategic_objectives' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_strategic_objectives_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: 'active' | 'archived';

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
