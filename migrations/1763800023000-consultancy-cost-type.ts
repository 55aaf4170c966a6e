import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

const BEFORE = `('staff', 'contractors', 'suppliers', 'licences', 'hosting', 'hardware', 'training', 'user_research', 'other')`;
const AFTER = `('staff', 'contractors', 'consultancy', 'suppliers', 'licences', 'hosting', 'hardware', 'training', 'user_research', 'other')`;

/** A ledger cost type for consultancy: with contractors, the outside expertise a body relies on. */
export class ConsultancyCostType1763800023000 implements MigrationInterface {
  name = 'ConsultancyCostType1763800023000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "spend_entries" DROP CONSTRAINT "ck_spend_entries_cost_type"`);
    await run(q, `ALTER TABLE "spend_entries" ADD CONSTRAINT "ck_spend_entries_cost_type" CHECK ("cost_type" IN ${AFTER})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "spend_entries" DROP CONSTRAINT "ck_spend_entries_cost_type"`);
    await run(q, `ALTER TABLE "spend_entries" ADD CONSTRAINT "ck_spend_entries_cost_type" CHECK ("cost_type" IN ${BEFORE})`);
  }
}
