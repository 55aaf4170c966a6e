import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, makeAppendOnly, run } from './sql';

/**
 * Measurements that can be corrected or withdrawn with a reason. The live row changes (or goes),
 * so the latest-measurement and evidence triggers, KPI status and scans follow; the earlier
 * version is kept, append-only, in kpi_measurement_versions with who changed it and why.
 */
export class MeasurementCorrections1763800022000 implements MigrationInterface {
  name = 'MeasurementCorrections1763800022000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "kpi_measurements" ADD "version" integer NOT NULL DEFAULT 1`);
    await run(q, `CREATE TABLE "kpi_measurement_versions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "measurement_id" uuid NOT NULL,
      "kpi_id" uuid NOT NULL,
      "measured_on" date NOT NULL,
      "version" integer NOT NULL,
      "value" numeric NOT NULL,
      "source" character varying(16) NOT NULL,
      "note" text,
      "recorded_at" timestamptz NOT NULL,
      "change" character varying(16) NOT NULL,
      "reason" text NOT NULL,
      "changed_by" character varying(200) NOT NULL,
      "changed_by_person_id" uuid,
      "changed_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_kpi_measurement_versions" PRIMARY KEY ("id"),
      CONSTRAINT "uq_kpi_measurement_versions_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_kpi_measurement_versions_change" CHECK ("change" IN ('corrected', 'withdrawn')),
      CONSTRAINT "fk_kpi_measurement_versions_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_kpi_measurement_versions_kpi" FOREIGN KEY ("organisation_id", "kpi_id") REFERENCES "kpis"("organisation_id", "id"),
      CONSTRAINT "fk_kpi_measurement_versions_changed_by_person" FOREIGN KEY ("organisation_id", "changed_by_person_id") REFERENCES "people"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_kpi_measurement_versions_kpi_measured_on" ON "kpi_measurement_versions" ("organisation_id", "kpi_id", "measured_on")`);
    await grantApp(q, 'kpi_measurement_versions', 'append-only');
    await makeAppendOnly(q, 'kpi_measurement_versions');
    await enableTenantRls(q, 'kpi_measurement_versions');
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TABLE "kpi_measurement_versions"`);
    await run(q, `ALTER TABLE "kpi_measurements" DROP COLUMN "version"`);
  }
}
