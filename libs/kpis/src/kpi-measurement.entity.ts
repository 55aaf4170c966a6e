import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { KpiEntity } from './kpi.entity';
import type { MeasurementSource } from './kpi.enums';

/**
 * One value per KPI and date. Written by upsert; every change is audited with before and after.
 * The unique key also serves "latest measurement on or before a date" (a backward index scan).
 */
@Entity('kpi_measurements')
@Unique('uq_kpi_measurements_organisation_id_kpi_id_measured_on', ['organisationId', 'kpiId', 'measuredOn'])
// Carries the value too, so "latest on or before a date" for every KPI of a scan or a portfolio is
// an index-only probe (migration 1763800009000).
@Index('idx_kpi_measurements_latest', ['organisationId', 'kpiId', 'measuredOn', 'value'])
@ForeignKey(() => KpiEntity, ['organisationId', 'kpiId'], ['organisationId', 'id'], { name: 'fk_kpi_measurements_kpi' })
@Check('ck_kpi_measurements_source', `"source" IN ('manual', 'integration', 'import', 'derived')`)
export class KpiMeasurementEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_kpi_measurements' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_kpi_measurements_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  kpiId: string;

  @Column({ type: 'date' })
  measuredOn: string;

  @Column({ type: 'numeric' })
  value: string;

  @Column({ type: 'varchar', length: 16, default: 'manual' })
  source: MeasurementSource;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Bumped by every change (upsert or correction); the ETag a correction must send back. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
