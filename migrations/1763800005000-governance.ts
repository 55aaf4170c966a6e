import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, makeAppendOnly, run } from './sql';

/** Flags (at most one unresolved per subject and rule), their history, scans and last ratings. */
export class Governance1763800005000 implements MigrationInterface {
  name = 'Governance1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "flags" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "organisation_id" uuid NOT NULL,
      "subject_type" character varying(16) NOT NULL,
      "subject_id" uuid NOT NULL,
      "project_id" uuid,
      "programme_id" uuid NOT NULL,
      "rule" character varying(40) NOT NULL,
      "severity" character varying(16) NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'open',
      "evidence" text NOT NULL,
      "details" jsonb NOT NULL DEFAULT '{}',
      "first_raised_at" timestamptz NOT NULL,
      "last_seen_at" timestamptz NOT NULL,
      "resolved_at" timestamptz,
      "acknowledged_at" timestamptz,
      "acknowledged_by" character varying(100),
      "acknowledgement_note" text,
      "raised_by_scan_id" uuid,
      "resolved_by_scan_id" uuid,
      "version" integer NOT NULL DEFAULT '1',
      CONSTRAINT "pk_flags" PRIMARY KEY ("id"),
      CONSTRAINT "uq_flags_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_flags_status" CHECK ("status" IN ('open', 'acknowledged', 'resolved')),
      CONSTRAINT "ck_flags_severity" CHECK ("severity" IN ('info', 'warning', 'critical')),
      CONSTRAINT "ck_flags_subject" CHECK (("subject_type" = 'project' AND "project_id" = "subject_id") OR ("subject_type" = 'programme' AND "programme_id" = "subject_id" AND "project_id" IS NULL)),
      CONSTRAINT "fk_flags_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_flags_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_flags_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id", "id"))`);
    await run(q, `CREATE UNIQUE INDEX "uq_flags_unresolved_subject_rule" ON "flags" ("organisation_id", "rule", "subject_id") WHERE "status" <> 'resolved'`);
    await run(q, `CREATE INDEX "idx_flags_organisation_id_seq" ON "flags" ("organisation_id", "seq")`);
    await run(q, `CREATE INDEX "idx_flags_organisation_id_project_id" ON "flags" ("organisation_id", "project_id")`);

    await run(q, `CREATE TABLE "flag_events" (
      "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "organisation_id" uuid NOT NULL,
      "flag_id" uuid NOT NULL,
      "kind" character varying(16) NOT NULL,
      "actor" character varying(100) NOT NULL,
      "note" text,
      "scan_id" uuid,
      "occurred_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_flag_events" PRIMARY KEY ("seq"),
      CONSTRAINT "ck_flag_events_kind" CHECK ("kind" IN ('raised', 'acknowledged', 'resolved')),
      CONSTRAINT "fk_flag_events_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_flag_events_flag" FOREIGN KEY ("organisation_id", "flag_id") REFERENCES "flags"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_flag_events_organisation_id_flag_id" ON "flag_events" ("organisation_id", "flag_id", "seq")`);

    await run(q, `CREATE TABLE "governance_scans" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid,
      "trigger" character varying(16) NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'queued',
      "requested_by" character varying(100),
      "started_at" timestamptz,
      "finished_at" timestamptz,
      "projects_scanned" integer NOT NULL DEFAULT '0',
      "raised" integer NOT NULL DEFAULT '0',
      "refreshed" integer NOT NULL DEFAULT '0',
      "resolved" integer NOT NULL DEFAULT '0',
      "error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_governance_scans" PRIMARY KEY ("id"),
      CONSTRAINT "ck_governance_scans_status" CHECK ("status" IN ('queued', 'running', 'completed', 'failed')),
      CONSTRAINT "ck_governance_scans_trigger" CHECK ("trigger" IN ('manual', 'schedule')),
      CONSTRAINT "fk_governance_scans_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE INDEX "idx_governance_scans_organisation_id_created_at" ON "governance_scans" ("organisation_id", "created_at")`);

    await run(q, `CREATE TABLE "project_ratings" (
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "rating" character varying(16) NOT NULL,
      "inputs" jsonb NOT NULL,
      "computed_at" timestamptz NOT NULL,
      CONSTRAINT "pk_project_ratings" PRIMARY KEY ("organisation_id", "project_id"),
      CONSTRAINT "fk_project_ratings_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);

    for (const table of ['flags', 'governance_scans', 'project_ratings']) await grantApp(q, table, 'read-write');
    await grantApp(q, 'flag_events', 'append-only');
    await makeAppendOnly(q, 'flag_events');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['project_ratings', 'governance_scans', 'flag_events', 'flags']) await run(q, `DROP TABLE "${table}"`);
  }
}
