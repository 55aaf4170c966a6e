import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Staff, contractor and consultancy spend by project and day, for the reliance-on-outside-expertise
 * figures and rule. Partial, so a ledger of mostly supplier payments keeps it small and the planner
 * never reads the whole ledger to find none of these rows.
 */
export class OutsideExpertiseIndex1763800029000 implements MigrationInterface {
  name = 'OutsideExpertiseIndex1763800029000';

  async up(q: QueryRunner): Promise<void> {
    await run(
      q,
      `CREATE INDEX "idx_spend_entries_outside_expertise" ON "spend_entries" ("organisation_id", "project_id", "spent_on") INCLUDE ("cost_type", "amount")
        WHERE "cost_type" IN ('staff', 'contractors', 'consultancy')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP INDEX "idx_spend_entries_outside_expertise"`);
  }
}
