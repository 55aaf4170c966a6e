import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One computation of the benchmarks: when, over how many opted-in organisations, and the smallest
 * group a figure needed. No organisation is named here; tenants may read it.
 */
@Entity('benchmark_runs')
@Index('idx_benchmark_runs_computed_at', ['computedAt'])
@Check('ck_benchmark_runs_min_group', `"min_group" >= 3`)
export class BenchmarkRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_benchmark_runs' })
  id: string;

  @Column({ type: 'timestamptz' })
  computedAt: Date;

  /** Organisations opted in when the run was computed. */
  @Column({ type: 'integer' })
  organisations: number;

  @Column({ type: 'integer' })
  minGroup: number;
}
