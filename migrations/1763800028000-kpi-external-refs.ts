import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * KPIs keyed by the integrating tool's own id (source + id), so a sync can upsert them without
 * knowing ours. Both or neither; unique per organisation. The table keeps its grants and policies.
 */
export class KpiExternalRefs1763800028000 implements MigrationInterface {
  name = 'KpiExternalRefs1763800028000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "kpis" ADD "external_source" character varying(64)`);
    await run(q, `ALTER TABLE "kpis" ADD "external_id" character varying(128)`);
    await run(q, `ALTER TABLE "kpis" ADD CONSTRAINT "uq_kpis_organisation_id_external_ref" UNIQUE ("organisation_id", "external_source", "external_id")`);
    await run(q, `ALTER TABLE "kpis" ADD CONSTRAINT "ck_kpis_external_ref" CHECK (("external_source" IS NULL) = ("external_id" IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "kpis" DROP CONSTRAINT "ck_kpis_external_ref"`);
    await run(q, `ALTER TABLE "kpis" DROP CONSTRAINT "uq_kpis_organisation_id_external_ref"`);
    await run(q, `ALTER TABLE "kpis" DROP COLUMN "external_id"`);
    await run(q, `ALTER TABLE "kpis" DROP COLUMN "external_source"`);
  }
}
