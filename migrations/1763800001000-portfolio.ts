import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, makeAppendOnly, run } from './sql';

/** Strategic objectives, programmes, projects and (append-only) status reports. */
export class Portfolio1763800001000 implements MigrationInterface {
  name = 'Portfolio1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "strategic_objectives" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "code" character varying(32) NOT NULL,
      "title" character varying(200) NOT NULL,
      "description" text,
      "status" character varying(16) NOT NULL DEFAULT 'active',
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_strategic_objectives" PRIMARY KEY ("id"),
      CONSTRAINT "uq_strategic_objectives_organisation_id_code" UNIQUE ("organisation_id", "code"),
      CONSTRAINT "uq_strategic_objectives_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_strategic_objectives_status" CHECK ("status" IN ('active', 'archived')),
      CONSTRAINT "fk_strategic_objectives_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);

    await run(q, `CREATE TABLE "programmes" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "code" character varying(32) NOT NULL,
      "name" character varying(200) NOT NULL,
      "description" text,
      "objective_id" uuid,
      "sro" character varying(200),
      "status" character varying(16) NOT NULL DEFAULT 'active',
      "start_date" date,
      "end_date" date,
      "whole_life_budget" numeric(15,2),
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_programmes" PRIMARY KEY ("id"),
      CONSTRAINT "uq_programmes_organisation_id_code" UNIQUE ("organisation_id", "code"),
      CONSTRAINT "uq_programmes_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_programmes_status" CHECK ("status" IN ('active', 'paused', 'closed', 'archived')),
      CONSTRAINT "ck_programmes_dates" CHECK ("end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date"),
      CONSTRAINT "ck_programmes_budget" CHECK ("whole_life_budget" IS NULL OR "whole_life_budget" >= 0),
      CONSTRAINT "fk_programmes_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_programmes_objective" FOREIGN KEY ("organisation_id", "objective_id") REFERENCES "strategic_objectives"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_programmes_organisation_id_objective_id" ON "programmes" ("organisation_id", "objective_id")`);

    await run(q, `CREATE TABLE "projects" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "programme_id" uuid NOT NULL,
      "code" character varying(32) NOT NULL,
      "name" character varying(200) NOT NULL,
      "description" text,
      "user_need" text,
      "phase" character varying(16) NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'active',
      "start_date" date,
      "end_date" date,
      "external_source" character varying(64),
      "external_id" character varying(128),
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_projects" PRIMARY KEY ("id"),
      CONSTRAINT "uq_projects_organisation_id_code" UNIQUE ("organisation_id", "code"),
      CONSTRAINT "uq_projects_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_projects_organisation_id_external_ref" UNIQUE ("organisation_id", "external_source", "external_id"),
      CONSTRAINT "ck_projects_phase" CHECK ("phase" IN ('discovery', 'alpha', 'beta', 'live', 'retired')),
      CONSTRAINT "ck_projects_status" CHECK ("status" IN ('active', 'paused', 'closed', 'archived')),
      CONSTRAINT "ck_projects_dates" CHECK ("end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date"),
      CONSTRAINT "ck_projects_external_ref" CHECK (("external_source" IS NULL) = ("external_id" IS NULL)),
      CONSTRAINT "fk_projects_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_projects_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_projects_organisation_id_programme_id" ON "projects" ("organisation_id", "programme_id")`);

    await run(q, `CREATE TABLE "status_reports" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "subject_type" character varying(16) NOT NULL,
      "project_id" uuid,
      "programme_id" uuid,
      "period" character varying(7) NOT NULL,
      "revision" integer NOT NULL DEFAULT '1',
      "overall" character varying(16) NOT NULL,
      "schedule" character varying(8) NOT NULL,
      "cost" character varying(8) NOT NULL,
      "scope" character varying(8) NOT NULL,
      "benefits" character varying(8) NOT NULL,
      "risk" character varying(8) NOT NULL,
      "resourcing" character varying(8) NOT NULL,
      "narrative" text,
      "key_risks" text,
      "decisions_needed" text,
      "reported_by" character varying(100) NOT NULL,
      "reported_by_token_id" uuid,
      "submitted_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_status_reports" PRIMARY KEY ("id"),
      CONSTRAINT "uq_status_reports_project_period_revision" UNIQUE ("organisation_id", "project_id", "period", "revision"),
      CONSTRAINT "uq_status_reports_programme_period_revision" UNIQUE ("organisation_id", "programme_id", "period", "revision"),
      CONSTRAINT "ck_status_reports_subject" CHECK (("subject_type" = 'project' AND "project_id" IS NOT NULL AND "programme_id" IS NULL) OR ("subject_type" = 'programme' AND "programme_id" IS NOT NULL AND "project_id" IS NULL)),
      CONSTRAINT "ck_status_reports_period" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      CONSTRAINT "ck_status_reports_overall" CHECK ("overall" IN ('green', 'amber_green', 'amber', 'amber_red', 'red')),
      CONSTRAINT "ck_status_reports_dimensions" CHECK ("schedule" IN ('green', 'amber', 'red') AND "cost" IN ('green', 'amber', 'red') AND "scope" IN ('green', 'amber', 'red') AND "benefits" IN ('green', 'amber', 'red') AND "risk" IN ('green', 'amber', 'red') AND "resourcing" IN ('green', 'amber', 'red')),
      CONSTRAINT "ck_status_reports_narrative" CHECK ("narrative" IS NOT NULL OR ("overall" = 'green' AND "schedule" = 'green' AND "cost" = 'green' AND "scope" = 'green' AND "benefits" = 'green' AND "risk" = 'green' AND "resourcing" = 'green')),
      CONSTRAINT "fk_status_reports_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_status_reports_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_status_reports_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id", "id"))`);
    await run(q, `CREATE INDEX "idx_status_reports_organisation_id_period" ON "status_reports" ("organisation_id", "period")`);

    for (const table of ['strategic_objectives', 'programmes', 'projects']) await grantApp(q, table, 'read-write');
    await grantApp(q, 'status_reports', 'append-only');
    await makeAppendOnly(q, 'status_reports');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['status_reports', 'projects', 'programmes', 'strategic_objectives']) await run(q, `DROP TABLE "${table}"`);
  }
}
