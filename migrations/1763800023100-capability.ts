import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, makeAppendOnly, run } from './sql';

/** Capability plans (in-house roles needed and filled) and knowledge-transfer activities (append-only). */
export class Capability1763800023100 implements MigrationInterface {
  name = 'Capability1763800023100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "capability_roles" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "role" character varying(120) NOT NULL,
      "needed" integer NOT NULL,
      "filled" integer NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_capability_roles" PRIMARY KEY ("id"),
      CONSTRAINT "uq_capability_roles_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_capability_roles_project_role" UNIQUE ("organisation_id", "project_id", "role"),
      CONSTRAINT "ck_capability_roles_counts" CHECK ("needed" >= 0 AND "filled" >= 0 AND "filled" <= "needed"),
      CONSTRAINT "fk_capability_roles_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_capability_roles_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);
    await grantApp(q, 'capability_roles', 'read-write');
    await enableTenantRls(q, 'capability_roles');

    await run(q, `CREATE TABLE "knowledge_transfers" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "kind" character varying(16) NOT NULL,
      "occurred_on" date NOT NULL,
      "permanent_staff" integer NOT NULL,
      "description" character varying(1000) NOT NULL,
      "evidence" character varying(1000) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_knowledge_transfers" PRIMARY KEY ("id"),
      CONSTRAINT "uq_knowledge_transfers_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_knowledge_transfers_kind" CHECK ("kind" IN ('pairing', 'handover', 'training')),
      CONSTRAINT "ck_knowledge_transfers_permanent_staff" CHECK ("permanent_staff" > 0),
      CONSTRAINT "fk_knowledge_transfers_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_knowledge_transfers_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_knowledge_transfers_project_occurred_on" ON "knowledge_transfers" ("organisation_id", "project_id", "occurred_on")`);
    await grantApp(q, 'knowledge_transfers', 'append-only');
    await makeAppendOnly(q, 'knowledge_transfers');
    await enableTenantRls(q, 'knowledge_transfers');
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP TABLE "knowledge_transfers"`);
    await run(q, `DROP TABLE "capability_roles"`);
  }
}
