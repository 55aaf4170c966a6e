import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Stakeholder groups keyed by the integrating tool's own id (source + id), so a sync can upsert them without
 * knowing ours. Both or neither; unique per organisation. The table keeps its grants and policies.
 */
export class StakeholderGroupExternalRefs1763800028010 implements MigrationInterface {
  name = 'StakeholderGroupExternalRefs1763800028010';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "stakeholder_groups" ADD "external_source" character varying(64)`);
    await run(q, `ALTER TABLE "stakeholder_groups" ADD "external_id" character varying(128)`);
    await run(q, `ALTER TABLE "stakeholder_groups" ADD CONSTRAINT "uq_stakeholder_groups_organisation_id_external_ref" UNIQUE ("organisation_id", "external_source", "external_id")`);
    await run(q, `ALTER TABLE "stakeholder_groups" ADD CONSTRAINT "ck_stakeholder_groups_external_ref" CHECK (("external_source" IS NULL) = ("external_id" IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "stakeholder_groups" DROP CONSTRAINT "ck_stakeholder_groups_external_ref"`);
    await run(q, `ALTER TABLE "stakeholder_groups" DROP CONSTRAINT "uq_stakeholder_groups_organisation_id_external_ref"`);
    await run(q, `ALTER TABLE "stakeholder_groups" DROP COLUMN "external_id"`);
    await run(q, `ALTER TABLE "stakeholder_groups" DROP COLUMN "external_source"`);
  }
}
