import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, run } from './sql';

const IMPORT_STATUSES = `('queued', 'processing', 'completed', 'completed_with_errors', 'nothing_imported', 'failed', 'undoing', 'undone')`;

/**
 * Ledger integrity.
 * - spend_entries.fingerprint: SHA-256 of the entry's normalised content (date, amount, supplier,
 *   reference, description). NULL on reversals and on entries written before fingerprints existed.
 * - spend_fingerprints: which live entry holds each fingerprint, unique per organisation. A reversal
 *   (or undoing an import) deletes the row, so the same content may be recorded again later; the
 *   ledger itself stays append-only. No foreign keys: the row is written in the same transaction as
 *   its entry, and a row-by-row check on a million-row import cost more than the import's parsing.
 * - spend_import_issues: every rejected or duplicate row of an import, paged by line.
 * - spend_imports: new statuses, duplicate counts, the header (for offering the last mapping for a
 *   file shape again), undo details; a re-sent file is answered with the earlier import only when
 *   its mapping is the same too, and never with a failed or undone one.
 * - idempotency_keys: keys are scoped to the organisation, so the lookup is by organisation and key.
 */
export class LedgerIntegrity1763800009350 implements MigrationInterface {
  name = 'LedgerIntegrity1763800009350';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "spend_entries" ADD "fingerprint" bytea`);

    await run(q, `CREATE TABLE "spend_fingerprints" (
      "organisation_id" uuid NOT NULL,
      "fingerprint" bytea NOT NULL,
      "entry_id" uuid NOT NULL,
      CONSTRAINT "pk_spend_fingerprints" PRIMARY KEY ("organisation_id", "fingerprint"))`);
    await grantApp(q, 'spend_fingerprints', 'read-write');
    await enableTenantRls(q, 'spend_fingerprints');

    await run(q, `ALTER TABLE "spend_imports" DROP CONSTRAINT "ck_spend_imports_status"`);
    await run(q, `ALTER TABLE "spend_imports" ADD CONSTRAINT "ck_spend_imports_status" CHECK ("status" IN ${IMPORT_STATUSES})`);
    await run(q, `ALTER TABLE "spend_imports" ALTER COLUMN "status" TYPE character varying(24)`);
    await run(q, `ALTER TABLE "spend_imports" ADD "mapping_hash" character varying(64) NOT NULL DEFAULT ''`);
    await run(q, `UPDATE "spend_imports" SET "mapping_hash" = encode(sha256(convert_to("mapping"::text, 'UTF8')), 'hex')`);
    await run(q, `ALTER TABLE "spend_imports" ADD "allow_duplicates" boolean NOT NULL DEFAULT false`);
    await run(q, `ALTER TABLE "spend_imports" ADD "duplicate_rows" integer NOT NULL DEFAULT '0'`);
    await run(q, `ALTER TABLE "spend_imports" ADD "issue_count" integer NOT NULL DEFAULT '0'`);
    await run(q, `ALTER TABLE "spend_imports" ADD "header" jsonb`);
    await run(q, `ALTER TABLE "spend_imports" ADD "header_signature" character varying(64)`);
    await run(q, `ALTER TABLE "spend_imports" ADD "rerun_of_id" uuid`);
    await run(q, `ALTER TABLE "spend_imports" ADD "undo_reason" character varying(500)`);
    await run(q, `ALTER TABLE "spend_imports" ADD "undone_by_token_id" uuid`);
    await run(q, `ALTER TABLE "spend_imports" ADD "undone_at" timestamptz`);
    await run(q, `ALTER TABLE "spend_imports" ADD "reversed_rows" integer NOT NULL DEFAULT '0'`);
    await run(q, `DROP INDEX "uq_spend_imports_organisation_id_checksum"`);
    await run(q, `CREATE UNIQUE INDEX "uq_spend_imports_organisation_id_checksum_mapping_hash" ON "spend_imports" ("organisation_id", "checksum", "mapping_hash") WHERE "status" NOT IN ('failed', 'undone')`);
    await run(q, `CREATE INDEX "idx_spend_imports_organisation_id_created_at" ON "spend_imports" ("organisation_id", "created_at", "id")`);
    await run(q, `CREATE INDEX "idx_spend_imports_organisation_id_header_signature" ON "spend_imports" ("organisation_id", "header_signature", "created_at") WHERE "header_signature" IS NOT NULL`);

    await run(q, `CREATE TABLE "spend_import_issues" (
      "organisation_id" uuid NOT NULL,
      "import_id" uuid NOT NULL,
      "seq" integer NOT NULL,
      "line" integer NOT NULL,
      "kind" character varying(16) NOT NULL,
      "message" character varying(1000) NOT NULL,
      "entry_id" uuid,
      CONSTRAINT "pk_spend_import_issues" PRIMARY KEY ("organisation_id", "import_id", "seq"),
      CONSTRAINT "ck_spend_import_issues_kind" CHECK ("kind" IN ('rejected', 'duplicate')),
      CONSTRAINT "fk_spend_import_issues_import" FOREIGN KEY ("organisation_id", "import_id") REFERENCES "spend_imports"("organisation_id", "id"))`);
    await grantApp(q, 'spend_import_issues', 'read-write');
    await enableTenantRls(q, 'spend_import_issues');

    await run(q, `CREATE INDEX "idx_idempotency_keys_organisation_id_key" ON "idempotency_keys" ("organisation_id", "key")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "idx_idempotency_keys_organisation_id_key"`);
    await run(q, `DROP TABLE "spend_import_issues"`);
    await run(q, `DROP INDEX "idx_spend_imports_organisation_id_header_signature"`);
    await run(q, `DROP INDEX "idx_spend_imports_organisation_id_created_at"`);
    await run(q, `DROP INDEX "uq_spend_imports_organisation_id_checksum_mapping_hash"`);
    for (const column of ['reversed_rows', 'undone_at', 'undone_by_token_id', 'undo_reason', 'rerun_of_id', 'header_signature', 'header', 'issue_count', 'duplicate_rows', 'allow_duplicates', 'mapping_hash']) {
      await run(q, `ALTER TABLE "spend_imports" DROP COLUMN "${column}"`);
    }
    await run(q, `ALTER TABLE "spend_imports" DROP CONSTRAINT "ck_spend_imports_status"`);
    await run(q, `UPDATE "spend_imports" SET "status" = CASE WHEN "status" IN ('completed_with_errors', 'nothing_imported', 'undoing', 'undone') THEN 'completed' ELSE "status" END`);
    await run(q, `ALTER TABLE "spend_imports" ALTER COLUMN "status" TYPE character varying(16)`);
    await run(q, `ALTER TABLE "spend_imports" ADD CONSTRAINT "ck_spend_imports_status" CHECK ("status" IN ('queued', 'processing', 'completed', 'failed'))`);
    await run(q, `CREATE UNIQUE INDEX "uq_spend_imports_organisation_id_checksum" ON "spend_imports" ("organisation_id", "checksum") WHERE "status" <> 'failed'`);
    await run(q, `DROP TABLE "spend_fingerprints"`);
    await run(q, `ALTER TABLE "spend_entries" DROP COLUMN "fingerprint"`);
  }
}
