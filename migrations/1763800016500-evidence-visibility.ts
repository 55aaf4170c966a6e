import { MigrationInterface, QueryRunner } from 'typeorm';
import { HIDDEN_PROGRAMMES, HIDDEN_PROJECTS, run } from './sql';

/**
 * The evidence read model hides restricted programmes like the tables it is built from: a person
 * outside a restricted programme sees neither its projects' evidence rows nor its roll-up, and
 * cannot claim (and so swallow) their pending refresh marks.
 */
const VISIBILITY: Record<string, string> = {
  project_evidence: `"programme_id" <> ALL (${HIDDEN_PROGRAMMES}) AND "project_id" <> ALL (${HIDDEN_PROJECTS})`,
  programme_evidence: `"programme_id" <> ALL (${HIDDEN_PROGRAMMES})`,
  evidence_dirty: `"subject_id" <> ALL (${HIDDEN_PROJECTS}) AND "subject_id" <> ALL (${HIDDEN_PROGRAMMES})`,
};

export class EvidenceVisibility1763800016500 implements MigrationInterface {
  name = 'EvidenceVisibility1763800016500';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, visible] of Object.entries(VISIBILITY)) {
      await run(q, `CREATE POLICY "restricted_programmes" ON "${table}" AS RESTRICTIVE USING (${visible}) WITH CHECK (${visible})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(VISIBILITY)) await run(q, `DROP POLICY "restricted_programmes" ON "${table}"`);
  }
}
