import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, run } from './sql';

/** KPIs per project and their measurements (one per KPI and date, upserted and audited). */
export class Kpis1763800002000 implements MigrationInterface {
  name = 'Kpis1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "kpis" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "name" character varying(200) NOT NULL,
      "kind" character varying(32) NOT NULL,
      "unit" character varying(64),
      "direction" character varying(16) NOT NULL,
      "baseline_value" numeric,
      "baseline_date" date,
      "target_value" numeric,
      "target_date" date,
      "tolerance_pct" numeric(5,2) NOT NULL DEFAULT '5',
      "frequency" character varying(16) NOT NULL DEFAULT 'monthly',
      "owner" character varying(200),
      "data_source" character varying(200),
      "description" text,
      "status" character varying(16) NOT NULL DEFAULT 'active',
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_kpis" PRIMARY KEY ("id"),
      CONSTRAINT "uq_kpis_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_kpis_kind" CHECK ("kind" IN ('cost_per_transaction', 'user_satisfaction', 'completion_rate', 'digital_take_up', 'custom')),
      CONSTRAINT "ck_kpis_direction" CHECK ("direction" IN ('increase', 'decrease')),
      CONSTRAINT "ck_kpis_frequency" CHECK ("frequency" IN ('monthly', 'quarterly')),
      CONSTRAINT "ck_kpis_status" CHECK ("status" IN ('active', 'retired')),
      CONSTRAINT "ck_kpis_tolerance_pct" CHECK ("tolerance_pct" >= 0 AND "tolerance_pct" <= 100),
      CONSTRAINT "ck_kpis_dates" CHECK ("target_date" IS NULL OR "baseline_date" IS NULL OR "target_date" > "baseline_date"),
      CONSTRAINT "ck_kpis_percent_range" CHECK ("kind" NOT IN ('user_satisfaction', 'completion_rate', 'digital_take_up') OR (("baseline_value" IS NULL OR "baseline_value" BETWEEN 0 AND 100) AND ("target_value" IS NULL OR "target_value" BETWEEN 0 AND 100))),
      CONSTRAINT "fk_kpis_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_kpis_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_kpis_organisation_id_project_id" ON "kpis" ("organisation_id", "project_id")`);

    await run(q, `CREATE TABLE "kpi_measurements" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "kpi_id" uuid NOT NULL,
      "measured_on" date NOT NULL,
      "value" numeric NOT NULL,
      "source" character varying(16) NOT NULL DEFAULT 'manual',
      "note" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_kpi_measurements" PRIMARY KEY ("id"),
      CONSTRAINT "uq_kpi_measurements_organisation_id_kpi_id_measured_on" UNIQUE ("organisation_id", "kpi_id", "measured_on"),
      CONSTRAINT "ck_kpi_measurements_source" CHECK ("source" IN ('manual', 'integration', 'import')),
      CONSTRAINT "fk_kpi_measurements_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_kpi_measurements_kpi" FOREIGN KEY ("organisation_id", "kpi_id") REFERENCES "kpis"("organisation_id", "id"))`);

    await grantApp(q, 'kpis', 'read-write');
    await grantApp(q, 'kpi_measurements', 'read-write');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['kpi_measurements', 'kpis']) await run(q, `DROP TABLE "${table}"`);
  }
}
