import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Status reports and flag acknowledgements record the person who made them, not only a name.
 * Nullable: older rows, and those made by integration tokens, have no person.
 */
export class RecordedByPerson1763800016400 implements MigrationInterface {
  name = 'RecordedByPerson1763800016400';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "status_reports" ADD "reported_by_person_id" uuid`);
    await run(q, `ALTER TABLE "status_reports" ADD CONSTRAINT "fk_status_reports_reported_by_person" FOREIGN KEY ("organisation_id", "reported_by_person_id") REFERENCES "people"("organisation_id", "id")`);
    await run(q, `ALTER TABLE "flags" ADD "acknowledged_by_person_id" uuid`);
    await run(q, `ALTER TABLE "flags" ADD CONSTRAINT "fk_flags_acknowledged_by_person" FOREIGN KEY ("organisation_id", "acknowledged_by_person_id") REFERENCES "people"("organisation_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "flags" DROP CONSTRAINT "fk_flags_acknowledged_by_person"`);
    await run(q, `ALTER TABLE "flags" DROP COLUMN "acknowledged_by_person_id"`);
    await run(q, `ALTER TABLE "status_reports" DROP CONSTRAINT "fk_status_reports_reported_by_person"`);
    await run(q, `ALTER TABLE "status_reports" DROP COLUMN "reported_by_person_id"`);
  }
}
