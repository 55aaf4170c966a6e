import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';

/** One run of the rules: over one organisation (on demand) or all of them (scheduled). */
@Entity('governance_scans')
@Index('idx_governance_scans_organisation_id_created_at', ['organisationId', 'createdAt'])
// A scheduled scan is keyed by its due time, so a retried job reuses its scan instead of scanning twice.
@Index('uq_governance_scans_scheduled_for', ['scheduledFor'], { unique: true, where: `"trigger" = 'schedule'` })
// Repeated on-demand requests while one is still queued join it rather than queueing another scan.
@Index('uq_governance_scans_queued_manual', ['organisationId'], { unique: true, where: `"trigger" = 'manual' AND "status" = 'queued'` })
@Check('ck_governance_scans_status', `"status" IN ('queued', 'running', 'completed', 'failed')`)
@Check('ck_governance_scans_trigger', `"trigger" IN ('manual', 'schedule')`)
export class GovernanceScanEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_governance_scans' })
  id: string;

  /** Null for a scheduled scan over every organisation. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_governance_scans_organisation' })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 16 })
  trigger: 'manual' | 'schedule';

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: 'queued' | 'running' | 'completed' | 'failed';

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestedBy: string | null;

  /** For a scheduled scan, the time the schedule fired for (one scan per due time). */
  @Column({ type: 'timestamptz', nullable: true })
  scheduledFor: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  projectsScanned: number;

  @Column({ type: 'integer', default: 0 })
  raised: number;

  @Column({ type: 'integer', default: 0 })
  refreshed: number;

  @Column({ type: 'integer', default: 0 })
  resolved: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
