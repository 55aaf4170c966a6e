import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@app/platform';
import { GovernanceScanEntity } from './governance-scan.entity';

/** One organisation's part of a scan over every organisation: run once, by whichever worker takes it. */
@Entity('governance_scan_parts')
@Index('idx_governance_scan_parts_organisation_id', ['organisationId'])
@Check('ck_governance_scan_parts_status', `"status" IN ('queued', 'completed')`)
@Check('ck_governance_scan_parts_mode', `"mode" IN ('full', 'incremental')`)
export class GovernanceScanPartEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_governance_scan_parts' })
  @ForeignKey(() => GovernanceScanEntity, { name: 'fk_governance_scan_parts_scan' })
  scanId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_governance_scan_parts' })
  @ForeignKey(() => OrganisationEntity, { name: 'fk_governance_scan_parts_organisation' })
  organisationId: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: 'queued' | 'completed';

  /** Which worker process ran it (host and pid). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  worker: string | null;

  @Column({ type: 'integer', default: 0 })
  projectsScanned: number;

  /** Full (every project re-judged) or incremental (the marked ones and those whose dated evidence crossed a threshold). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  mode: 'full' | 'incremental' | null;

  /** How many projects the part re-judged (all active ones when full). */
  @Column({ type: 'integer', default: 0 })
  projectsEvaluated: number;

  @Column({ type: 'integer', default: 0 })
  raised: number;

  @Column({ type: 'integer', default: 0 })
  refreshed: number;

  @Column({ type: 'integer', default: 0 })
  resolved: number;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
