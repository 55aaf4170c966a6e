import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { OrganisationEntity, PersonEntity } from '@app/platform';
import { KpiEntity } from './kpi.entity';
import type { MeasurementSource } from './kpi.enums';

/**
 * An earlier version of a measurement, kept when it was corrected or withdrawn: the value as it
 * was, and who changed it, when and why. Append-only (grants and a trigger).
 */
@Entity('kpi_measurement_versions')
@Unique('uq_kpi_measurement_versions_organisation_id_id', ['organisationId', 'id'])
@Index('idx_kpi_measurement_versions_kpi_measured_on', ['organisationId', 'kpiId', 'measuredOn'])
@ForeignKey(() => KpiEntity, ['organisationId', 'kpiId'], ['organisationId', 'id'], { name: 'fk_kpi_measurement_versions_kpi' })
@ForeignKey(() => PersonEntity, ['organisationId', 'changedByPersonId'], ['organisationId', 'id'], { name: 'fk_kpi_measurement_versions_changed_by_person' })
@Check('ck_kpi_measurement_versions_change', `"change" IN ('corrected', 'withdrawn')`)
export class KpiMeasurementVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_kpi_measurement_versions' })
  id: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_kpi_measurement_versions_organisation' })
  organisationId: string;

  @Column({ type: 'uuid' })
  measurementId: string;

  @Column({ type: 'uuid' })
  kpiId: string;

  @Column({ type: 'date' })
  measuredOn: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'numeric' })
  value: string;

  @Column({ type: 'varchar', length: 16 })
  source: MeasurementSource;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** When this version was written (the measurement's updated_at then). */
  @Column({ type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  change: 'corrected' | 'withdrawn';

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 200 })
  changedBy: string;

  @Column({ type: 'uuid', nullable: true })
  changedByPersonId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  changedAt: Date;
}
