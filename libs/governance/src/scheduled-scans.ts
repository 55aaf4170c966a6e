import { Injectable } from '@nestjs/common';
import { Db } from '@app/platform';
import { GovernanceScanEntity } from './governance-scan.entity';
import { ScanService } from './scan.service';

/**
 * The nightly scan over every organisation, once per due time: the scan row is keyed by the time
 * the schedule fired for, so a job retried after a worker crash finishes that scan (or finds it
 * done) instead of running another.
 */
@Injectable()
export class ScheduledScans {
  constructor(
    private readonly db: Db,
    private readonly scans: ScanService,
  ) {}

  async runDue(scheduledFor: Date): Promise<GovernanceScanEntity> {
    const [row] = await this.db.system((manager) =>
      manager.query(
        `WITH inserted AS (
           INSERT INTO governance_scans (organisation_id, trigger, status, requested_by, scheduled_for)
           VALUES (NULL, 'schedule', 'queued', 'schedule', $1)
           ON CONFLICT (scheduled_for) WHERE trigger = 'schedule' DO NOTHING RETURNING id)
         SELECT id FROM inserted UNION ALL SELECT id FROM governance_scans WHERE trigger = 'schedule' AND scheduled_for = $1 LIMIT 1`,
        [scheduledFor],
      ),
    );
    return this.scans.run(row.id);
  }
}
