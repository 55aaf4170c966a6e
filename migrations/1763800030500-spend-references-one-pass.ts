import { MigrationInterface, QueryRunner } from 'typeorm';
import { referencesFunction } from './1763800030000-spend-partitions';
import { run } from './sql';

/**
 * The ledger's references trigger finds the projects a statement's rows reference in one pass over
 * those rows. It read them twice, the second time as an IN list that took 1.8 s of a million-row
 * import's COPY; now 0.3 s. Same checks, same errors.
 */
export class SpendReferencesOnePass1763800030500 implements MigrationInterface {
  name = 'SpendReferencesOnePass1763800030500';

  async up(q: QueryRunner): Promise<void> {
    await run(q, referencesFunction(true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, referencesFunction(true));
  }
}
