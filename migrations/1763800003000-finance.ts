import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, makeAppendOnly, run } from './sql';

const CATEGORY = `('resource', 'capital')`;
const COST_TYPE = `('staff', 'contractors', 'suppliers', 'licences', 'hosting', 'hardware', 'training', 'user_research', 'other')`;

/** Budgets, the append-only spend ledger with running totals, forecasts, and CSV imports. */
export class Finance1763800003000 implements MigrationInterface {
  name = 'Finance1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "budgets" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "financial_year" character varying(7) NOT NULL,
      "category" character varying(16) NOT NULL,
      "amount" numeric(15,2) NOT NULL,
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_budgets" PRIMARY KEY ("id"),
      CONSTRAINT "uq_budgets_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_budgets_project_year_category" UNIQUE ("organisation_id", "project_id", "financial_year", "category"),
      CONSTRAINT "ck_budgets_category" CHECK ("category" IN ${CATEGORY}),
      CONSTRAINT "ck_budgets_financial_year" CHECK ("financial_year" ~ '^[0-9]{4}-[0-9]{2}$'),
      CONSTRAINT "ck_budgets_amount" CHECK ("amount" >= 0),
      CONSTRAINT "fk_budgets_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_budgets_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);

    await run(q, `CREATE TABLE "spend_imports" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'queued',
      "mode" character varying(16) NOT NULL DEFAULT 'atomic',
      "file_name" character varying(255),
      "checksum" character varying(64) NOT NULL,
      "encoding" character varying(16) NOT NULL,
      "size_bytes" bigint NOT NULL,
      "mapping" jsonb NOT NULL,
      "total_rows" integer,
      "processed_rows" integer NOT NULL DEFAULT '0',
      "imported_rows" integer NOT NULL DEFAULT '0',
      "rejected_rows" integer NOT NULL DEFAULT '0',
      "errors" jsonb NOT NULL DEFAULT '[]',
      "failure_reason" character varying(1000),
      "attempts" integer NOT NULL DEFAULT '0',
      "created_by_token_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      "started_at" timestamptz,
      "completed_at" timestamptz,
      CONSTRAINT "pk_spend_imports" PRIMARY KEY ("id"),
      CONSTRAINT "uq_spend_imports_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_spend_imports_status" CHECK ("status" IN ('queued', 'processing', 'completed', 'failed')),
      CONSTRAINT "ck_spend_imports_mode" CHECK ("mode" IN ('atomic', 'partial')),
      CONSTRAINT "ck_spend_imports_encoding" CHECK ("encoding" IN ('utf-8', 'windows-1252')),
      CONSTRAINT "fk_spend_imports_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE UNIQUE INDEX "uq_spend_imports_organisation_id_checksum" ON "spend_imports" ("organisation_id", "checksum") WHERE "status" <> 'failed'`);

    await run(q, `CREATE TABLE "spend_import_chunks" (
      "organisation_id" uuid NOT NULL,
      "import_id" uuid NOT NULL,
      "seq" integer NOT NULL,
      "data" bytea NOT NULL,
      CONSTRAINT "pk_spend_import_chunks" PRIMARY KEY ("organisation_id", "import_id", "seq"),
      CONSTRAINT "fk_spend_import_chunks_import" FOREIGN KEY ("organisation_id", "import_id") REFERENCES "spend_imports"("organisation_id", "id") DEFERRABLE INITIALLY DEFERRED)`);
    // Stored as sent: compressing megabytes of CSV on upload costs more than the disk it saves.
    await run(q, `ALTER TABLE "spend_import_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL`);

    await run(q, `CREATE TABLE "spend_entries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "financial_year" character varying(7) NOT NULL,
      "spent_on" date NOT NULL,
      "amount" numeric(15,2) NOT NULL,
      "currency" character(3) NOT NULL DEFAULT 'GBP',
      "category" character varying(16) NOT NULL,
      "cost_type" character varying(16) NOT NULL,
      "supplier" character varying(200) NOT NULL,
      "supplier_is_sme" boolean NOT NULL DEFAULT false,
      "reference" character varying(100),
      "description" character varying(1000),
      "external_id" character varying(128),
      "reverses_id" uuid,
      "reversal_reason" character varying(500),
      "import_id" uuid,
      "source" character varying(8) NOT NULL,
      "created_by_token_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_spend_entries" PRIMARY KEY ("id"),
      CONSTRAINT "uq_spend_entries_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_spend_entries_category" CHECK ("category" IN ${CATEGORY}),
      CONSTRAINT "ck_spend_entries_cost_type" CHECK ("cost_type" IN ${COST_TYPE}),
      CONSTRAINT "ck_spend_entries_source" CHECK ("source" IN ('api', 'batch', 'import')),
      CONSTRAINT "ck_spend_entries_currency" CHECK ("currency" ~ '^[A-Z]{3}$'),
      CONSTRAINT "ck_spend_entries_amount" CHECK (("reverses_id" IS NULL AND "amount" > 0) OR ("reverses_id" IS NOT NULL AND "amount" < 0)),
      CONSTRAINT "ck_spend_entries_financial_year" CHECK ("financial_year" ~ '^[0-9]{4}-[0-9]{2}$'),
      CONSTRAINT "fk_spend_entries_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_spend_entries_reverses" FOREIGN KEY ("organisation_id", "reverses_id") REFERENCES "spend_entries"("organisation_id", "id"),
      CONSTRAINT "fk_spend_entries_import" FOREIGN KEY ("organisation_id", "import_id") REFERENCES "spend_imports"("organisation_id", "id"))`);
    await run(q, `CREATE UNIQUE INDEX "uq_spend_entries_organisation_id_external_id" ON "spend_entries" ("organisation_id", "external_id") WHERE "external_id" IS NOT NULL`);
    await run(q, `CREATE UNIQUE INDEX "uq_spend_entries_organisation_id_reverses_id" ON "spend_entries" ("organisation_id", "reverses_id") WHERE "reverses_id" IS NOT NULL`);
    await run(q, `CREATE INDEX "idx_spend_entries_organisation_id_spent_on" ON "spend_entries" ("organisation_id", "spent_on", "id")`);
    await run(q, `CREATE INDEX "idx_spend_entries_organisation_id_project_id_spent_on" ON "spend_entries" ("organisation_id", "project_id", "spent_on")`);

    await run(q, `CREATE TABLE "spend_totals" (
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "financial_year" character varying(7) NOT NULL,
      "category" character varying(16) NOT NULL,
      "total" numeric(17,2) NOT NULL DEFAULT '0',
      "sme_total" numeric(17,2) NOT NULL DEFAULT '0',
      "entry_count" bigint NOT NULL DEFAULT '0',
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_spend_totals" PRIMARY KEY ("organisation_id", "project_id", "financial_year", "category"),
      CONSTRAINT "fk_spend_totals_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);

    await run(q, `CREATE TABLE "forecasts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "financial_year" character varying(7) NOT NULL,
      "amount" numeric(15,2) NOT NULL,
      "as_of" date NOT NULL,
      "note" character varying(1000),
      "created_by_token_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_forecasts" PRIMARY KEY ("id"),
      CONSTRAINT "uq_forecasts_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_forecasts_financial_year" CHECK ("financial_year" ~ '^[0-9]{4}-[0-9]{2}$'),
      CONSTRAINT "ck_forecasts_amount" CHECK ("amount" >= 0),
      CONSTRAINT "fk_forecasts_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_forecasts_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_forecasts_project_year_as_of" ON "forecasts" ("organisation_id", "project_id", "financial_year", "as_of")`);

    for (const table of ['budgets', 'spend_imports', 'spend_import_chunks', 'spend_totals']) await grantApp(q, table, 'read-write');
    for (const table of ['spend_entries', 'forecasts']) {
      await grantApp(q, table, 'append-only');
      await makeAppendOnly(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['forecasts', 'spend_totals', 'spend_entries', 'spend_import_chunks', 'spend_imports', 'budgets']) await run(q, `DROP TABLE "${table}"`);
  }
}
