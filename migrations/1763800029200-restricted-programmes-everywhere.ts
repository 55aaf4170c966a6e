import { MigrationInterface, QueryRunner } from 'typeorm';
import { hideRestrictedProjects, run } from './sql';

/** Every other table that holds a project's rows: its own evidence, money, capability and ratings. */
const TABLES = [
  'stakeholder_groups', 'engagements', 'buy_in_readings', 'training_records',
  'budgets', 'forecasts', 'spend_entries', 'spend_totals',
  'capability_roles', 'knowledge_transfers', 'project_ratings',
];

/**
 * A restricted programme's projects were hidden, with their KPIs, flags and reports, but lists of
 * stakeholder groups, engagement evidence, budgets and spend still showed their rows to a person
 * outside the programme or a token limited to other programmes. Now every table with a project's
 * rows hides them the same way (a test fails for a table with project_id that does not).
 */
export class RestrictedProgrammesEverywhere1763800029200 implements MigrationInterface {
  name = 'RestrictedProgrammesEverywhere1763800029200';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await hideRestrictedProjects(q, table);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await run(q, `DROP POLICY "restricted_programmes" ON "${table}"`);
  }
}
