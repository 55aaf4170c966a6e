import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Indexes found by npm run bench on the scale dataset (docs/SCALING.md). Built CONCURRENTLY, outside
 * a transaction, so a live ledger keeps taking writes while they build.
 * - kpi_measurements: the latest value per KPI on or before a date is one index-only probe (the
 *   unique key needed a heap visit per KPI: 10 µs against 6 µs, 550,000 times per scan).
 * - flags: open flags by project and severity, without the resolved history.
 * - flags fillfactor 50: every scan refreshes last_seen_at on each open flag (300,000 rows at full
 *   size); room on the page for the new version lets those updates be HOT, with no index entries
 *   written. Takes effect for pages written from now on (VACUUM FULL applies it to old ones).
 */
export class PerformanceIndexes1763800009000 implements MigrationInterface {
  name = 'PerformanceIndexes1763800009000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE INDEX CONCURRENTLY IF NOT EXISTS "idx_kpi_measurements_latest" ON "kpi_measurements" ("organisation_id", "kpi_id", "measured_on", "value")`);
    await run(q, `CREATE INDEX CONCURRENTLY IF NOT EXISTS "idx_flags_open_by_project" ON "flags" ("organisation_id", "project_id", "severity") WHERE "status" <> 'resolved'`);
    await run(q, `ALTER TABLE "flags" SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "flags" RESET (fillfactor)`);
    await run(q, `DROP INDEX CONCURRENTLY IF EXISTS "idx_flags_open_by_project"`);
    await run(q, `DROP INDEX CONCURRENTLY IF EXISTS "idx_kpi_measurements_latest"`);
  }
}
