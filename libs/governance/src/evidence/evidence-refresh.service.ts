import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Db, todayInLondon } from '@app/platform';
import { SCAN_LOCK, ScanService } from '../scan.service';
import { readMarks, releaseMarks } from './evidence-marks';

/** How long a reader waits for a refresh or scan of its organisation in progress. */
const READER_WAIT = '5s';

/**
 * Keeps the evidence read model current after writes. Triggers mark the subjects a write touched in
 * evidence_dirty (and queue one job per organisation through the outbox); the refresh reads them,
 * re-judges those projects, or the whole organisation when the period under review has moved (a
 * first report for a new period changes every project's comparison), and then removes the marks
 * nobody made again meanwhile.
 */
@Injectable()
export class EvidenceRefresh {
  constructor(
    private readonly db: Db,
    private readonly scans: ScanService,
  ) {}

  /** The scan lock, waiting at most READER_WAIT; false when it was not had in time. */
  private async lockWithin(manager: EntityManager, organisationId: string): Promise<boolean> {
    await manager.query(`SAVEPOINT evidence_lock`);
    try {
      await manager.query(`SET LOCAL lock_timeout = '${READER_WAIT}'`);
      await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [SCAN_LOCK, organisationId]);
      await manager.query(`RELEASE SAVEPOINT evidence_lock`);
      return true;
    } catch {
      // Rolling back to the savepoint also restores the lock timeout.
      await manager.query(`ROLLBACK TO SAVEPOINT evidence_lock`);
      return false;
    }
  }

  /** The worker's job: refresh whatever is marked for the organisation. Returns how many subjects it took. */
  refreshOrganisation(organisationId: string): Promise<number> {
    return this.db.system((manager) => this.refreshWithin(manager, organisationId, true));
  }

  /**
   * Inside the caller's transaction (the worker's, or a reader's own so it reads its writes). A
   * reader (`wait` false) waits at most a few seconds for a refresh or scan in progress, then shows
   * the rows as they are (each says its evidenceAsOf).
   */
  async refreshWithin(manager: EntityManager, organisationId: string, wait: boolean): Promise<number> {
    const [{ marked, stored, partial }] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM evidence_dirty WHERE organisation_id = $1) AS marked, (SELECT period FROM evidence_states WHERE organisation_id = $1) AS stored,
              coalesce(nullif(current_setting('app.hidden_programmes', true), ''), '{}') <> '{}' OR coalesce(nullif(current_setting('app.hidden_projects', true), ''), '{}') <> '{}' AS partial`,
      [organisationId],
    );
    const state = stored === null ? null : { period: stored as string };
    if (!marked && state) return 0;
    // A reader who cannot see every programme would judge the organisation on part of it: it reads
    // the rows as the worker (or a fuller reader) left them, moments old at most.
    if (partial) return 0;
    // The scan's lock first, then the marks: the same order as a full scan, so the two never deadlock.
    if (wait) await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [SCAN_LOCK, organisationId]);
    else if (!(await this.lockWithin(manager, organisationId))) return 0;
    // Read, not deleted: a write re-marking one of these subjects meanwhile must not wait for this refresh.
    const claimed = await readMarks(manager, organisationId);
    if (claimed.length === 0 && state) return 0;
    const today = todayInLondon();
    const [{ period }] = await manager.query(
      `SELECT coalesce((SELECT max(period) FROM status_reports WHERE organisation_id = $1 AND period <= to_char($2::date, 'YYYY-MM') AND state <> 'draft'), to_char($2::date, 'YYYY-MM')) AS period`,
      [organisationId, today],
    );
    const whole = !state || state.period !== period;
    const projects = claimed.filter((c) => c.subject_type === 'project').map((c) => c.subject_id);
    // A whole scan reads and releases the marks itself (after its own derived KPI writes).
    await this.scans.scanWithin(manager, organisationId, null, new Date(), whole ? null : projects);
    if (!whole) await releaseMarks(manager, organisationId, claimed);
    return Math.max(claimed.length, 1);
  }
}
