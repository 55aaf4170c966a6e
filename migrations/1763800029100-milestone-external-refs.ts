import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Milestones keyed by the integrating tool's own id (source + id), so a sync can upsert them without
 * knowing ours. Both or neither; unique per organisation. The table keeps its grants and policies.
 */
export class MilestoneExternalRefs1763800029100 implements MigrationInterface {
  name = 'MilestoneExternalRefs1763800029100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "milestones" ADD "external_source" character varying(64)`);
    await run(q, `ALTER TABLE "milestones" ADD "external_id" character varying(128)`);
    await run(q, `ALTER TABLE "milestones" ADD CONSTRAINT "uq_milestones_organisation_id_external_ref" UNIQUE ("organisation_id", "external_source", "external_id")`);
    await run(q, `ALTER TABLE "milestones" ADD CONSTRAINT "ck_milestones_external_ref" CHECK (("external_source" IS NULL) = ("external_id" IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "milestones" DROP CONSTRAINT "ck_milestones_external_ref"`);
    await run(q, `ALTER TABLE "milestones" DROP CONSTRAINT "uq_milestones_organisation_id_external_ref"`);
    await run(q, `ALTER TABLE "milestones" DROP COLUMN "external_id"`);
    await run(q, `ALTER TABLE "milestones" DROP COLUMN "external_source"`);
  }
}
