import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One row per heartbeat run: readiness shows the newest one's age; duplicates would show a double schedule. */
@Entity('worker_heartbeats')
@Index('idx_worker_heartbeats_ran_at', ['ranAt'])
export class WorkerHeartbeatEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_worker_heartbeats', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'varchar', length: 200 })
  jobId: string;

  @Column({ type: 'varchar', length: 100 })
  workerId: string;

  @Column({ type: 'timestamptz' })
  scheduledFor: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  ranAt: Date;
}
