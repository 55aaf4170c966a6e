import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { HIDDEN_PROJECTS, grantApp, makeAppendOnly, run } from './sql';

const COST_TYPES = `('staff', 'contractors', 'suppliers', 'licences', 'hosting', 'hardware', 'training', 'user_research', 'other')`;

/**
 * Finance as finance teams keep it.
 * - suppliers: a register per organisation (normalised name unique, company number, SME status,
 *   where "unknown" is a status of its own).
 * - spend_entries: a kind (payment, credit_note, journal) so a credit note is a negative line of its
 *   own, never confused with the reversal of a mistake; an order number (drawdown of commitments);
 *   the supplier it links to; whether the sender stated SME status at all.
 * - budget_changes: every budget figure with its reason and approver, append-only; budgets keeps the
 *   current figure, written in the same transaction (derived, never edited on its own).
 * - commitments: purchase orders and contracts placed but not yet paid.
 * - whole_life_costs: baseline and forecast whole-life cost per project and category (append-only).
 * - spend_split_mappings: a column's values (department, cost centre) mapped to projects, for
 *   organisation-wide extracts.
 */
export class FinanceLedgerPractice1763800017000 implements MigrationInterface {
  name = 'FinanceLedgerPractice1763800017000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "suppliers" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "name" character varying(200) NOT NULL,
      "normalised_name" character varying(200) NOT NULL,
      "company_number" character varying(8),
      "sme_status" character varying(8) NOT NULL DEFAULT 'unknown',
      "version" integer NOT NULL DEFAULT 1,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_suppliers" PRIMARY KEY ("id"),
      CONSTRAINT "uq_suppliers_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_suppliers_organisation_id_normalised_name" UNIQUE ("organisation_id", "normalised_name"),
      CONSTRAINT "ck_suppliers_sme_status" CHECK ("sme_status" IN ('sme', 'not_sme', 'unknown')),
      CONSTRAINT "ck_suppliers_company_number" CHECK ("company_number" ~ '^[A-Z0-9]{8}$'),
      CONSTRAINT "fk_suppliers_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await grantApp(q, 'suppliers', 'read-write');
    await enableTenantRls(q, 'suppliers');

    await run(q, `ALTER TABLE "spend_entries" ADD "kind" character varying(16) NOT NULL DEFAULT 'payment'`);
    await run(q, `ALTER TABLE "spend_entries" ADD "order_number" character varying(100)`);
    await run(q, `ALTER TABLE "spend_entries" ADD "supplier_id" uuid`);
    await run(q, `ALTER TABLE "spend_entries" ADD "sme_stated" boolean NOT NULL DEFAULT true`);
    await run(q, `ALTER TABLE "spend_entries" ADD CONSTRAINT "ck_spend_entries_kind" CHECK ("kind" IN ('payment', 'credit_note', 'journal'))`);
    await run(q, `ALTER TABLE "spend_entries" DROP CONSTRAINT "ck_spend_entries_amount"`);
    // A payment is positive and a credit note negative unless it is the reversal of one (which has the
    // opposite sign and points at it); a journal may go either way; a reversal is never a fresh line.
    await run(q, `ALTER TABLE "spend_entries" ADD CONSTRAINT "ck_spend_entries_amount" CHECK (
      ("kind" = 'payment' AND (("reverses_id" IS NULL AND "amount" > 0) OR ("reverses_id" IS NOT NULL AND "amount" < 0)))
      OR ("kind" = 'credit_note' AND (("reverses_id" IS NULL AND "amount" < 0) OR ("reverses_id" IS NOT NULL AND "amount" > 0)))
      OR ("kind" = 'journal' AND "amount" <> 0))`);
    await run(q, `CREATE INDEX "idx_spend_entries_organisation_id_project_id_order_number" ON "spend_entries" ("organisation_id", "project_id", "order_number") WHERE "order_number" IS NOT NULL`);
    await run(q, `CREATE INDEX "idx_spend_entries_organisation_id_supplier_id" ON "spend_entries" ("organisation_id", "supplier_id") WHERE "supplier_id" IS NOT NULL`);
    await run(q, `ALTER TABLE "spend_imports" ADD "unmapped_values" jsonb`);

    await run(q, `CREATE TABLE "budget_changes" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "financial_year" character varying(7) NOT NULL,
      "category" character varying(16) NOT NULL,
      "amount" numeric(15,2) NOT NULL,
      "previous_amount" numeric(15,2),
      "reason" character varying(500) NOT NULL,
      "approved_by" character varying(200),
      "created_by_token_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_budget_changes" PRIMARY KEY ("id"),
      CONSTRAINT "uq_budget_changes_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_budget_changes_category" CHECK ("category" IN ('resource', 'capital')),
      CONSTRAINT "ck_budget_changes_financial_year" CHECK ("financial_year" ~ '^[0-9]{4}-[0-9]{2}$'),
      CONSTRAINT "ck_budget_changes_amount" CHECK ("amount" >= 0),
      CONSTRAINT "fk_budget_changes_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_budget_changes_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_budget_changes_organisation_id_project_id" ON "budget_changes" ("organisation_id", "project_id", "financial_year", "created_at")`);
    await grantApp(q, 'budget_changes', 'append-only');
    await makeAppendOnly(q, 'budget_changes');
    await enableTenantRls(q, 'budget_changes');
    // Budgets set before history was kept: their figure as the first line.
    await run(q, `INSERT INTO "budget_changes" (organisation_id, project_id, financial_year, category, amount, reason, created_at)
      SELECT organisation_id, project_id, financial_year, category, amount, 'figure held before budget history was kept', updated_at FROM "budgets"`);

    await run(q, `CREATE TABLE "commitments" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "kind" character varying(16) NOT NULL,
      "order_number" character varying(100) NOT NULL,
      "supplier" character varying(200) NOT NULL,
      "supplier_id" uuid,
      "category" character varying(16) NOT NULL,
      "cost_type" character varying(16) NOT NULL,
      "financial_year" character varying(7) NOT NULL,
      "committed_on" date NOT NULL,
      "amount" numeric(15,2) NOT NULL,
      "description" character varying(1000),
      "created_by_token_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_commitments" PRIMARY KEY ("id"),
      CONSTRAINT "uq_commitments_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_commitments_organisation_id_project_id_order_number" UNIQUE ("organisation_id", "project_id", "order_number"),
      CONSTRAINT "ck_commitments_kind" CHECK ("kind" IN ('purchase_order', 'contract')),
      CONSTRAINT "ck_commitments_category" CHECK ("category" IN ('resource', 'capital')),
      CONSTRAINT "ck_commitments_cost_type" CHECK ("cost_type" IN ${COST_TYPES}),
      CONSTRAINT "ck_commitments_financial_year" CHECK ("financial_year" ~ '^[0-9]{4}-[0-9]{2}$'),
      CONSTRAINT "ck_commitments_amount" CHECK ("amount" > 0),
      CONSTRAINT "fk_commitments_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_commitments_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_commitments_supplier" FOREIGN KEY ("organisation_id", "supplier_id") REFERENCES "suppliers"("organisation_id", "id"))`);
    await grantApp(q, 'commitments', 'append-only');
    await makeAppendOnly(q, 'commitments');
    await enableTenantRls(q, 'commitments');

    await run(q, `CREATE TABLE "whole_life_costs" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "kind" character varying(8) NOT NULL,
      "category" character varying(16) NOT NULL,
      "amount" numeric(15,2) NOT NULL,
      "as_of" date NOT NULL,
      "note" character varying(1000),
      "created_by_token_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_whole_life_costs" PRIMARY KEY ("id"),
      CONSTRAINT "uq_whole_life_costs_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_whole_life_costs_kind" CHECK ("kind" IN ('baseline', 'forecast')),
      CONSTRAINT "ck_whole_life_costs_category" CHECK ("category" IN ('resource', 'capital')),
      CONSTRAINT "ck_whole_life_costs_amount" CHECK ("amount" >= 0),
      CONSTRAINT "fk_whole_life_costs_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_whole_life_costs_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_whole_life_costs_organisation_id_project_id" ON "whole_life_costs" ("organisation_id", "project_id", "kind", "category", "as_of")`);
    await grantApp(q, 'whole_life_costs', 'append-only');
    await makeAppendOnly(q, 'whole_life_costs');
    await enableTenantRls(q, 'whole_life_costs');

    await run(q, `CREATE TABLE "spend_split_mappings" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "name" character varying(100) NOT NULL,
      "column_name" character varying(200) NOT NULL,
      "values" jsonb NOT NULL,
      "unmapped" character varying(8) NOT NULL,
      "holding_project_id" uuid,
      "version" integer NOT NULL DEFAULT 1,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_spend_split_mappings" PRIMARY KEY ("id"),
      CONSTRAINT "uq_spend_split_mappings_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_spend_split_mappings_organisation_id_name" UNIQUE ("organisation_id", "name"),
      CONSTRAINT "ck_spend_split_mappings_unmapped" CHECK (("unmapped" = 'reject' AND "holding_project_id" IS NULL) OR ("unmapped" = 'holding' AND "holding_project_id" IS NOT NULL)),
      CONSTRAINT "fk_spend_split_mappings_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_spend_split_mappings_holding_project" FOREIGN KEY ("organisation_id", "holding_project_id") REFERENCES "projects"("organisation_id", "id"))`);
    await grantApp(q, 'spend_split_mappings', 'read-write');
    await enableTenantRls(q, 'spend_split_mappings');

    // A restricted programme's projects' commitments, budget history and whole-life cost are hidden like the projects.
    for (const table of ['commitments', 'budget_changes', 'whole_life_costs']) {
      await run(q, `CREATE POLICY "restricted_programmes" ON "${table}" AS RESTRICTIVE USING ("project_id" <> ALL (${HIDDEN_PROJECTS})) WITH CHECK ("project_id" <> ALL (${HIDDEN_PROJECTS}))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['spend_split_mappings', 'whole_life_costs', 'commitments', 'budget_changes']) await run(q, `DROP TABLE "${table}"`);
    await run(q, `ALTER TABLE "spend_imports" DROP COLUMN "unmapped_values"`);
    await run(q, `DROP INDEX "idx_spend_entries_organisation_id_supplier_id"`);
    await run(q, `DROP INDEX "idx_spend_entries_organisation_id_project_id_order_number"`);
    await run(q, `ALTER TABLE "spend_entries" DROP CONSTRAINT "ck_spend_entries_amount"`);
    await run(q, `ALTER TABLE "spend_entries" ADD CONSTRAINT "ck_spend_entries_amount" CHECK (("reverses_id" IS NULL AND "amount" > 0) OR ("reverses_id" IS NOT NULL AND "amount" < 0))`);
    await run(q, `ALTER TABLE "spend_entries" DROP CONSTRAINT "ck_spend_entries_kind"`);
    for (const column of ['sme_stated', 'supplier_id', 'order_number', 'kind']) await run(q, `ALTER TABLE "spend_entries" DROP COLUMN "${column}"`);
    await run(q, `DROP TABLE "suppliers"`);
  }
}
