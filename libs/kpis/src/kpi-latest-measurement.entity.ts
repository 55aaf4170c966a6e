import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { KpiEntity } from './kpi.entity';

/**
 * Each KPI's latest measurement, kept by triggers on kpi_measurements (migration 1763800009100);
 * nothing writes it directly. Read by scans and the portfolio for an as-of date on or after it.
 */
@Entity('kpi_latest_measurements')
// The next night's scan asks for the readings dated since its last night.
@Index('idx_kpi_latest_measurements_measured_on', ['organisationId', 'measuredOn'])
@ForeignKey(() => KpiEntity, ['organisationId', 'kpiId'], ['organisationId', 'id'], { name: 'fk_kpi_latest_measurements_kpi' })
export class KpiLatestMeasurementEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_kpi_latest_measurements' })
  organisationId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_kpi_latest_measurements' })
  kpiId: string;

  @Column({ type: 'date' })
  measuredOn: string;

  @Column({ type: 'numeric' })
  value: string;
}
