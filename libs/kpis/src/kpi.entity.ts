import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import type { Direction, Frequency, KpiKind, KpiStatus } from './kpi.enums';

/**
 * A KPI of a project. Values are measurements (not ledger money), so they are `numeric` here and
 * JSON numbers in the API. Measurability (unit, baseline, target, dates in order) is derived, never stored.
 */
@Entity('kpis')
@Unique('uq_kpis_organisation_id_id', ['organisationId', 'id'])
@Unique('uq_kpis_organisation_id_external_ref', ['organisationId', 'externalSource', 'externalId'])
@Index('idx_kpis_organisation_id_project_id', ['organisationId', 'projectId'])
@ForeignKey(() => ProjectEntity, ['organisationId', 'projectId'], ['organisationId', 'id'], { name: 'fk_kpis_project' })
@Check('ck_kpis_kind', `"kind" IN ('cost_per_transaction', 'user_satisfaction', 'completion_rate', 'digital_take_up', 'custom')`)
@Check('ck_kpis_direction', `"direction" IN ('increase', 'decrease')`)
@Check('ck_kpis_frequency', `"frequency" IN ('monthly', 'quarterly')`)
@Check('ck_kpis_status', `"status" IN ('active', 'retired')`)
@Check('ck_kpis_tolerance_pct', `"tolerance_pct" >= 0 AND "tolerance_pct" <= 100`)
@Check('ck_kpis_external_ref', `("external_source" IS NULL) = ("external_id" IS NULL)`)
@Check('ck_kpis_dates', `"target_date" IS NULL OR "baseline_date" IS NULL OR "target_date" > "baseline_date"`)
@Check(
  'ck_kpis_percent_range',
  `"kind" NOT IN ('user_satisfaction', 'completion_rate', 'digital_take_up') OR (("baseline_value" IS NULL OR "baseline_value" BETWEEN 0 AND 100) AND ("target_value" IS NULL OR "target_value" BETWEEN 0 AND 100))`,
)
export class KpiEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_kpis' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_kpis_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  projectId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: KpiKind;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unit: string | null;

  @Column({ type: 'varchar', length: 16 })
  direction: Direction;

  @Column({ type: 'numeric', nullable: true })
  baselineValue: string | null;

  @Column({ type: 'date', nullable: true })
  baselineDate: string | null;

  @Column({ type: 'numeric', nullable: true })
  targetValue: string | null;

  @Column({ type: 'date', nullable: true })
  targetDate: string | null;

  /** How far behind the straight line (in points of progress) still counts as at risk rather than off track. */
  @Column({ type: 'numeric', precision: 5, scale: 2, default: 5 })
  tolerancePct: string;

  @Column({ type: 'varchar', length: 16, default: 'monthly' })
  frequency: Frequency;

  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  dataSource: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: KpiStatus;

  /** The integrating tool (e.g. "jira") and its own id, for idempotent upserts. */
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
