import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { BenchmarkRunEntity } from './benchmark-run.entity';

/**
 * A published benchmark: the quartiles of one measure across the organisations that contributed to
 * it, written only when at least the run's minimum group did. Aggregates only (no organisation id).
 */
@Entity('benchmark_figures')
@Unique('uq_benchmark_figures_run_metric_kind', ['runId', 'metric', 'kind'])
@ForeignKey(() => BenchmarkRunEntity, ['runId'], ['id'], { name: 'fk_benchmark_figures_run', onDelete: 'CASCADE' })
@Check('ck_benchmark_figures_contributors', `"contributors" >= 3`)
export class BenchmarkFigureEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_benchmark_figures' })
  id: string;

  @Column({ type: 'uuid' })
  runId: string;

  /** governance_coverage, kpi, outside_expertise_share, optimism_gap_rate */
  @Column({ type: 'varchar', length: 40 })
  metric: string;

  /** The rule for coverage, the KPI kind for KPIs, '' otherwise. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'integer' })
  contributors: number;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  lowerQuartile: string;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  median: string;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  upperQuartile: string;
}
