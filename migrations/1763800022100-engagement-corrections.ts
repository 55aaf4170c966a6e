import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { APP_ROLE, HIDDEN_PROJECTS, grantApp, makeAppendOnly, run } from './sql';

const EVIDENCE_TRIGGERS = [
  ['engagements', 'DELETE'],
  ['buy_in_readings', 'UPDATE'],
  ['buy_in_readings', 'DELETE'],
  ['training_records', 'UPDATE'],
  ['training_records', 'DELETE'],
] as const;

/**
 * Engagements, buy-in readings and training records that can be corrected or withdrawn with a
 * reason. The live row changes (or goes), so evidence and scans follow; the earlier version is
 * kept, append-only, in engagement_record_versions with who changed it and why.
 */
export class EngagementCorrections1763800022100 implements MigrationInterface {
  name = 'EngagementCorrections1763800022100';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['buy_in_readings', 'training_records']) await run(q, `ALTER TABLE "${table}" ADD "version" integer NOT NULL DEFAULT 1`);
    await run(q, `CREATE TABLE "engagement_record_versions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "record_type" character varying(16) NOT NULL,
      "record_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "data" jsonb NOT NULL,
      "change" character varying(16) NOT NULL,
      "reason" text,
      "changed_by" character varying(200) NOT NULL,
      "changed_by_person_id" uuid,
      "changed_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_engagement_record_versions" PRIMARY KEY ("id"),
      CONSTRAINT "uq_engagement_record_versions_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_engagement_record_versions_record_type" CHECK ("record_type" IN ('engagement', 'buy_in_reading', 'training_record')),
      CONSTRAINT "ck_engagement_record_versions_change" CHECK ("change" IN ('corrected', 'withdrawn')),
      CONSTRAINT "fk_engagement_record_versions_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_engagement_record_versions_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_engagement_record_versions_changed_by_person" FOREIGN KEY ("organisation_id", "changed_by_person_id") REFERENCES "people"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_engagement_record_versions_record" ON "engagement_record_versions" ("organisation_id", "record_id", "version")`);
    await grantApp(q, 'engagement_record_versions', 'append-only');
    await makeAppendOnly(q, 'engagement_record_versions');
    await enableTenantRls(q, 'engagement_record_versions');
    // A restricted programme's history is hidden like its projects (the sets Db.tenant fills for people).
    await run(q, `CREATE POLICY "restricted_programmes" ON "engagement_record_versions" AS RESTRICTIVE USING ("project_id" <> ALL (${HIDDEN_PROJECTS})) WITH CHECK ("project_id" <> ALL (${HIDDEN_PROJECTS}))`);

    // Readings and records become correctable: the earlier version is what is kept now. Only the
    // row guard goes; truncation stays forbidden.
    for (const table of ['buy_in_readings', 'training_records']) {
      await run(q, `DROP TRIGGER "trg_${table}_append_only" ON "${table}"`);
      await run(q, `GRANT UPDATE, DELETE ON TABLE "${table}" TO ${APP_ROLE}`);
    }
    // The evidence read model follows corrections and withdrawals as it follows new records.
    for (const [table, event] of EVIDENCE_TRIGGERS) {
      const transition = event === 'DELETE' ? 'OLD TABLE AS changed' : 'NEW TABLE AS changed';
      await run(q, `CREATE TRIGGER "trg_${table}_evidence_${event.toLowerCase()}" AFTER ${event} ON "${table}" REFERENCING ${transition}
        FOR EACH STATEMENT EXECUTE FUNCTION mark_evidence_dirty_project()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, event] of EVIDENCE_TRIGGERS) await run(q, `DROP TRIGGER "trg_${table}_evidence_${event.toLowerCase()}" ON "${table}"`);
    for (const table of ['buy_in_readings', 'training_records']) {
      await run(q, `REVOKE UPDATE, DELETE ON TABLE "${table}" FROM ${APP_ROLE}`);
      await run(q, `CREATE TRIGGER "trg_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
    }
    await run(q, `DROP TABLE "engagement_record_versions"`);
    for (const table of ['buy_in_readings', 'training_records']) await run(q, `ALTER TABLE "${table}" DROP COLUMN "version"`);
  }
}
