import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Undoing an import reverses every entry it wrote in one statement: the entries of one import are
 * one index range. Built CONCURRENTLY, outside a transaction, so a live ledger keeps taking writes.
 */
export class LedgerIntegrityIndexes1763800009360 implements MigrationInterface {
  name = 'LedgerIntegrityIndexes1763800009360';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE INDEX CONCURRENTLY IF NOT EXISTS "idx_spend_entries_organisation_id_import_id" ON "spend_entries" ("organisation_id", "import_id") WHERE "import_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX CONCURRENTLY IF EXISTS "idx_spend_entries_organisation_id_import_id"`);
  }
}
