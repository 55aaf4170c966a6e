import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Engagements and buy-in readings by organisation and date: the next night's scan asks which
 * evidence crossed a threshold in a one-day window, and by group it probed every group of the
 * organisation (17,000 probes for the largest one) to find a few dozen rows.
 */
export class EvidenceDateIndexes1763800030100 implements MigrationInterface {
  name = 'EvidenceDateIndexes1763800030100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE INDEX "idx_engagements_organisation_id_occurred_on" ON "engagements" ("organisation_id", "occurred_on")`);
    await run(q, `CREATE INDEX "idx_buy_in_readings_organisation_id_surveyed_on" ON "buy_in_readings" ("organisation_id", "surveyed_on")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "idx_buy_in_readings_organisation_id_surveyed_on"`);
    await run(q, `DROP INDEX "idx_engagements_organisation_id_occurred_on"`);
  }
}
