import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, run } from './sql';

/**
 * When a full governance scan last ran for each organisation. An open flag was seen by every full
 * scan of its organisation since it was raised (otherwise that scan would have resolved it), so its
 * "last seen" is this time; the scan then rewrites only the flags whose evidence changed, not every
 * open flag (331,000 row updates, a third of a full scan's time at 100,000 projects).
 */
export class OrganisationScanMarks1763800009200 implements MigrationInterface {
  name = 'OrganisationScanMarks1763800009200';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "organisation_scan_marks" (
      "organisation_id" uuid NOT NULL,
      "scanned_at" timestamptz NOT NULL,
      CONSTRAINT "pk_organisation_scan_marks" PRIMARY KEY ("organisation_id"),
      CONSTRAINT "fk_organisation_scan_marks_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await grantApp(q, 'organisation_scan_marks', 'read-write');
    await enableTenantRls(q, 'organisation_scan_marks');
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TABLE "organisation_scan_marks"`);
  }
}
