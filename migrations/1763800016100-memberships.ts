import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { HIDDEN_PROGRAMMES, HIDDEN_PROJECTS, grantApp, run } from './sql';

/** Which restricted rows a person may not see: the transaction's hidden sets, filled by Db.tenant for people only. */
const VISIBILITY: Record<string, string> = {
  programmes: `"id" <> ALL (${HIDDEN_PROGRAMMES})`,
  projects: `"programme_id" <> ALL (${HIDDEN_PROGRAMMES})`,
  kpis: `"project_id" <> ALL (${HIDDEN_PROJECTS})`,
  flags: `("project_id" IS NULL OR "project_id" <> ALL (${HIDDEN_PROJECTS})) AND ("programme_id" IS NULL OR "programme_id" <> ALL (${HIDDEN_PROGRAMMES}))`,
  status_reports: `("project_id" IS NULL OR "project_id" <> ALL (${HIDDEN_PROJECTS})) AND ("programme_id" IS NULL OR "programme_id" <> ALL (${HIDDEN_PROGRAMMES}))`,
};

/**
 * Memberships (a person's role on a programme or project) and restricted programmes. A restricted
 * programme is hidden from people who are neither its members nor holders of an organisation role
 * beyond viewer: a restrictive row-level policy on the portfolio's tables, over the sets Db.tenant
 * computes once per transaction (empty, so costing nothing, for everyone else).
 */
export class Memberships1763800016100 implements MigrationInterface {
  name = 'Memberships1763800016100';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "memberships" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "programme_id" uuid,
      "project_id" uuid,
      "role" character varying(32) NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_memberships" PRIMARY KEY ("id"),
      CONSTRAINT "uq_memberships_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_memberships_person_programme_role" UNIQUE ("organisation_id", "person_id", "programme_id", "role"),
      CONSTRAINT "uq_memberships_person_project_role" UNIQUE ("organisation_id", "person_id", "project_id", "role"),
      CONSTRAINT "ck_memberships_role" CHECK (("role" IN ('sro', 'programme_manager') AND "programme_id" IS NOT NULL AND "project_id" IS NULL) OR ("role" IN ('project_manager', 'contributor') AND "project_id" IS NOT NULL AND "programme_id" IS NULL)),
      CONSTRAINT "fk_memberships_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_memberships_person" FOREIGN KEY ("organisation_id", "person_id") REFERENCES "people"("organisation_id", "id") ON DELETE CASCADE,
      CONSTRAINT "fk_memberships_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id", "id") ON DELETE CASCADE,
      CONSTRAINT "fk_memberships_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id") ON DELETE CASCADE)`);
    await run(q, `CREATE INDEX "idx_memberships_organisation_id_programme_id" ON "memberships" ("organisation_id", "programme_id")`);
    await run(q, `CREATE INDEX "idx_memberships_organisation_id_project_id" ON "memberships" ("organisation_id", "project_id")`);
    await grantApp(q, 'memberships', 'read-write');
    await enableTenantRls(q, 'memberships');

    await run(q, `CREATE TABLE "programme_restrictions" (
      "organisation_id" uuid NOT NULL,
      "programme_id" uuid NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_programme_restrictions" PRIMARY KEY ("organisation_id", "programme_id"),
      CONSTRAINT "fk_programme_restrictions_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_programme_restrictions_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id", "id") ON DELETE CASCADE)`);
    await grantApp(q, 'programme_restrictions', 'read-write');
    await enableTenantRls(q, 'programme_restrictions');

    for (const [table, visible] of Object.entries(VISIBILITY)) {
      await run(q, `CREATE POLICY "restricted_programmes" ON "${table}" AS RESTRICTIVE USING (${visible}) WITH CHECK (${visible})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(VISIBILITY)) await run(q, `DROP POLICY "restricted_programmes" ON "${table}"`);
    await run(q, `DROP TABLE "programme_restrictions"`);
    await run(q, `DROP TABLE "memberships"`);
  }
}
