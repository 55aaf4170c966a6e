import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Projects' submitted and approved reports by period, with their overall rating: the overdue-report
 * rule's latest period and the read model's previous-period rating come from the index alone, and
 * the current report's lookup skips drafts without reading them. Before, each probe read the report
 * rows themselves, the largest part of both on a big portfolio.
 */
export class SubmittedReportPeriods1763800030400 implements MigrationInterface {
  name = 'SubmittedReportPeriods1763800030400';

  async up(q: QueryRunner): Promise<void> {
    await run(
      q,
      `CREATE INDEX "idx_status_reports_project_submitted" ON "status_reports" ("organisation_id", "project_id", "period", "revision") INCLUDE ("overall")
        WHERE "state" <> 'draft' AND "project_id" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "idx_status_reports_project_submitted"`);
  }
}
