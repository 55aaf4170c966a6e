import { Injectable, Optional } from '@nestjs/common';
import { hostname } from 'node:os';
import { EntityManager } from 'typeorm';
import { AppConfig, Db, enqueueJobsSql, JOBS } from '@app/platform';
import { GovernanceScanEntity } from './governance-scan.entity';
import { ScanCounts, ScanService } from './scan.service';

const WORKER = `${hostname()}:${process.pid}`.slice(0, 100);

/**
 * The nightly scan over every organisation, once per due time, incremental where it can be. The scan row is keyed by the time
 * the schedule fired for, and it has one part per organisation: the worker's scheduled job only
 * records the parts and fans them out as one job each (through the outbox, so none is lost), so
 * every worker takes part and one organisation's failure does not hold up the others. A part is
 * locked and marked done in the same transaction as its organisation's flags, so a retried or
 * duplicated job scans nobody twice; whoever finishes the last part completes the scan.
 */
@Injectable()
export class ScheduledScans {
  private readonly concurrency: number;
  private readonly fullEveryDays: number;

  constructor(
    private readonly db: Db,
    private readonly scans: ScanService,
    @Optional() config?: AppConfig,
  ) {
    this.concurrency = config?.scanConcurrency ?? 1;
    this.fullEveryDays = config?.governanceFullScanDays ?? 7;
  }

  /** The worker's path: record the scan and its parts, and queue one job per organisation. */
  async fanOut(scheduledFor: Date): Promise<string> {
    return this.db.system(async (manager) => {
      const scanId = await this.scanFor(manager, scheduledFor);
      await manager.query(`WITH parts AS (${NEW_PARTS_SQL}) ${enqueueJobsSql(JOBS.governanceScanPart, 'parts', `jsonb_build_object('scanId', $1::text, 'organisationId', x.organisation_id)`, 'x.active DESC')}`, [scanId]);
      await this.completeIfDone(manager, scanId);
      return scanId;
    });
  }

  /**
   * Runs a due scan in this process (operator tools, the scale seed, the benchmark and tests):
   * the same parts, SCAN_CONCURRENCY organisations at a time, largest first.
   */
  async runDue(scheduledFor: Date): Promise<GovernanceScanEntity> {
    const scanId = await this.db.system(async (manager) => {
      const id = await this.scanFor(manager, scheduledFor);
      await manager.query(NEW_PARTS_SQL, [id]);
      return id;
    });
    const pending: { organisation_id: string }[] = await this.db.system((manager) =>
      manager.query(
        `SELECT p.organisation_id FROM governance_scan_parts p WHERE p.scan_id = $1 AND p.status = 'queued'
          ORDER BY (SELECT count(*) FROM projects x WHERE x.organisation_id = p.organisation_id AND x.status = 'active') DESC, p.organisation_id`,
        [scanId],
      ),
    );
    const queue = pending.map((p) => p.organisation_id);
    const lane = async () => {
      for (let org = queue.shift(); org; org = queue.shift()) {
        try {
          await this.runPart(scanId, org);
        } catch (error) {
          queue.length = 0;
          throw error;
        }
      }
    };
    const settled = await Promise.allSettled(Array.from({ length: Math.min(this.concurrency, pending.length) }, lane));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    await this.db.system((manager) => this.completeIfDone(manager, scanId));
    return (await this.db.dataSource.manager.findOneBy(GovernanceScanEntity, { id: scanId })) as GovernanceScanEntity;
  }

  /** One organisation's part: scanned at most once however often its job runs. */
  async runPart(scanId: string, organisationId: string): Promise<ScanCounts | null> {
    try {
      const counts = await this.db.system(async (manager) => {
        const [part]: { status: string; scheduled_for: Date }[] = await manager.query(
          `SELECT p.status, s.scheduled_for FROM governance_scan_parts p JOIN governance_scans s ON s.id = p.scan_id
            WHERE p.scan_id = $1 AND p.organisation_id = $2 FOR UPDATE OF p`,
          [scanId, organisationId],
        );
        if (!part || part.status === 'completed') return null;
        // Judged as of the due time, so a part retried hours later gives the same answer. Incremental
        // where the organisation's last scan allows it (ScanService.scanWithin), full every so often.
        const done = await this.scans.scanWithin(manager, organisationId, scanId, part.scheduled_for, null, { incremental: { fullEveryDays: this.fullEveryDays } });
        await manager.query(
          `UPDATE governance_scan_parts SET status = 'completed', worker = $3, finished_at = now(), projects_scanned = $4, raised = $5, refreshed = $6, resolved = $7,
                  mode = $8, projects_evaluated = $9
            WHERE scan_id = $1 AND organisation_id = $2`,
          [scanId, organisationId, WORKER, done.projectsScanned, done.raised, done.refreshed, done.resolved, done.mode, done.projectsEvaluated],
        );
        return done;
      });
      if (counts) await this.db.system((manager) => this.completeIfDone(manager, scanId));
      return counts;
    } catch (error) {
      await this.db.system((manager) =>
        manager.query(`UPDATE governance_scans SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1 AND status <> 'completed'`, [scanId, (error as Error).message.slice(0, 1000)]),
      );
      throw error;
    }
  }

  /** The scan row for a due time (created once; a retried job finds it), marked running. */
  private async scanFor(manager: EntityManager, scheduledFor: Date): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO governance_scans (organisation_id, trigger, status, requested_by, scheduled_for)
         VALUES (NULL, 'schedule', 'queued', 'schedule', $1)
         ON CONFLICT (scheduled_for) WHERE trigger = 'schedule' DO NOTHING RETURNING id)
       SELECT id FROM inserted UNION ALL SELECT id FROM governance_scans WHERE trigger = 'schedule' AND scheduled_for = $1 LIMIT 1`,
      [scheduledFor],
    );
    await manager.query(`UPDATE governance_scans SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND status <> 'completed'`, [row.id]);
    return row.id;
  }

  /** Completes the scan with its parts' totals once none is left (a no-op before that, or when done). */
  private async completeIfDone(manager: EntityManager, scanId: string): Promise<void> {
    await manager.query(
      `UPDATE governance_scans s
          SET status = 'completed', finished_at = now(), error = NULL,
              projects_scanned = t.projects_scanned, raised = t.raised, refreshed = t.refreshed, resolved = t.resolved
         FROM (SELECT coalesce(sum(projects_scanned), 0) AS projects_scanned, coalesce(sum(raised), 0) AS raised,
                      coalesce(sum(refreshed), 0) AS refreshed, coalesce(sum(resolved), 0) AS resolved
                 FROM governance_scan_parts WHERE scan_id = $1) t
        WHERE s.id = $1 AND s.status <> 'completed'
          AND NOT EXISTS (SELECT 1 FROM governance_scan_parts p WHERE p.scan_id = $1 AND p.status <> 'completed')`,
      [scanId],
    );
  }
}

/** A part for every organisation the scan has none for yet (with its size, to start the largest first). */
const NEW_PARTS_SQL = `
  INSERT INTO governance_scan_parts (scan_id, organisation_id)
  SELECT $1, o.id FROM organisations o
  ON CONFLICT (scan_id, organisation_id) DO NOTHING
  RETURNING organisation_id, (SELECT count(*) FROM projects x WHERE x.organisation_id = governance_scan_parts.organisation_id AND x.status = 'active') AS active`;
