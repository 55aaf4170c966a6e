import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';

/** A public body: the tenant. Every tenant-owned row points at one. */
@Entity('organisations')
@Unique('uq_organisations_slug', ['slug'])
@Check('ck_organisations_fy_start_month', '"financial_year_start_month" BETWEEN 1 AND 12')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_organisations' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'smallint', default: 4 })
  financialYearStartMonth: number;

  /** Governance thresholds and limits; validated by the service that owns each key. */
  @Column({ type: 'jsonb', default: {} })
  settings: Record<string, unknown>;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
