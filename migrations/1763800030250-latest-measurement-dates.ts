import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/** Latest readings by organisation and date: the next night's scan asks for those dated since its last night. */
export class LatestMeasurementDates1763800030250 implements MigrationInterface {
  name = 'LatestMeasurementDates1763800030250';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE INDEX "idx_kpi_latest_measurements_measured_on" ON "kpi_latest_measurements" ("organisation_id", "measured_on")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "idx_kpi_latest_measurements_measured_on"`);
  }
}
