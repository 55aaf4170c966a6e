import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/** One scheduled governance scan per due time, so a retried job cannot scan twice. */
export class ScheduledScanKey1763800005200 implements MigrationInterface {
  name = 'ScheduledScanKey1763800005200';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "governance_scans" ADD "scheduled_for" timestamptz`);
    await run(q, `CREATE UNIQUE INDEX "uq_governance_scans_scheduled_for" ON "governance_scans" ("scheduled_for") WHERE "trigger" = 'schedule'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "uq_governance_scans_scheduled_for"`);
    await run(q, `ALTER TABLE "governance_scans" DROP COLUMN "scheduled_for"`);
  }
}
