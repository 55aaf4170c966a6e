import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Each project's next KPI change day in its read-model row: the first day after it was judged on
 * which one of its KPIs changes status or staleness with no new reading. The next night's scan
 * finds those projects with an index range instead of evaluating every KPI on two days. Rows
 * written before this have none, so every organisation's next scan is full (it writes them all).
 */
export class KpiChangeDays1763800030300 implements MigrationInterface {
  name = 'KpiChangeDays1763800030300';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "project_evidence" ADD COLUMN "kpis_change_on" date`);
    await run(q, `CREATE INDEX "idx_project_evidence_kpis_change_on" ON "project_evidence" ("organisation_id", "kpis_change_on")`);
    await run(q, `UPDATE "organisation_scan_marks" SET "full_scanned_for" = NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "idx_project_evidence_kpis_change_on"`);
    await run(q, `ALTER TABLE "project_evidence" DROP COLUMN "kpis_change_on"`);
  }
}
