import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * The parts of a project's evidence row its programme's roll-up reads (KPI counts, money, open
 * flags), kept beside the row's JSON text as jsonb: the scan rolled programmes up by parsing every
 * project's text again, a sixth of a nightly scan.
 */
export class EvidenceRollupColumn1763800029300 implements MigrationInterface {
  name = 'EvidenceRollupColumn1763800029300';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "project_evidence" ADD COLUMN "rollup" jsonb`);
    await run(q, `UPDATE "project_evidence" e SET "rollup" = jsonb_build_object('kpis', d.doc->'kpis', 'finance', d.doc->'finance', 'openFlags', d.doc->'openFlags')
                    FROM (SELECT organisation_id, project_id, doc::jsonb AS doc FROM "project_evidence") d
                   WHERE d.organisation_id = e.organisation_id AND d.project_id = e.project_id`);
    await run(q, `ALTER TABLE "project_evidence" ALTER COLUMN "rollup" SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "project_evidence" DROP COLUMN "rollup"`);
  }
}
