import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, run } from './sql';

/**
 * One row per organisation of a scan over every organisation: the nightly scan fans out one job
 * per organisation, any worker runs it, and the row (locked, then marked completed in the same
 * transaction as the organisation's flags) makes each organisation's part run exactly once.
 */
export class ScanParts1763800009500 implements MigrationInterface {
  name = 'ScanParts1763800009500';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "governance_scan_parts" (
      "scan_id" uuid NOT NULL,
      "organisation_id" uuid NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'queued',
      "worker" character varying(100),
      "projects_scanned" integer NOT NULL DEFAULT '0',
      "raised" integer NOT NULL DEFAULT '0',
      "refreshed" integer NOT NULL DEFAULT '0',
      "resolved" integer NOT NULL DEFAULT '0',
      "finished_at" timestamptz,
      CONSTRAINT "pk_governance_scan_parts" PRIMARY KEY ("scan_id", "organisation_id"),
      CONSTRAINT "ck_governance_scan_parts_status" CHECK ("status" IN ('queued', 'completed')),
      CONSTRAINT "fk_governance_scan_parts_scan" FOREIGN KEY ("scan_id") REFERENCES "governance_scans"("id"),
      CONSTRAINT "fk_governance_scan_parts_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_governance_scan_parts_organisation_id" ON "governance_scan_parts" ("organisation_id")`);
    await grantApp(q, 'governance_scan_parts', 'read-write');
    await enableTenantRls(q, 'governance_scan_parts');
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TABLE "governance_scan_parts"`);
  }
}
