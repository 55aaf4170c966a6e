import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/** At most one queued on-demand scan per organisation: repeated requests join the queued one. */
export class MergedScanRequests1763800009300 implements MigrationInterface {
  name = 'MergedScanRequests1763800009300';

  async up(q: QueryRunner): Promise<void> {
    // Requests already queued twice (before this rule) keep the oldest queued; the rest are marked failed, never run twice.
    await run(
      q,
      `UPDATE "governance_scans" s SET "status" = 'failed', "finished_at" = now()
        WHERE s."trigger" = 'manual' AND s."status" = 'queued'
          AND EXISTS (SELECT 1 FROM "governance_scans" o WHERE o."organisation_id" = s."organisation_id" AND o."trigger" = 'manual'
                         AND o."status" = 'queued' AND (o."created_at", o."id") < (s."created_at", s."id"))`,
    );
    await run(q, `CREATE UNIQUE INDEX "uq_governance_scans_queued_manual" ON "governance_scans" ("organisation_id") WHERE "trigger" = 'manual' AND "status" = 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "uq_governance_scans_queued_manual"`);
  }
}
