import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantApp, makeAppendOnly, run } from './sql';

/**
 * Stakeholder evidence: groups, engagements (feedback loops), buy-in readings and training records.
 * Evidence rows reference their group together with its project, so a group of one project can
 * never carry another project's evidence. Readings and training records are append-only.
 */
export class Engagement1763800004000 implements MigrationInterface {
  name = 'Engagement1763800004000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "stakeholder_groups" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "name" character varying(200) NOT NULL,
      "kind" character varying(32) NOT NULL,
      "internal" boolean NOT NULL,
      "size" integer,
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_stakeholder_groups" PRIMARY KEY ("id"),
      CONSTRAINT "uq_stakeholder_groups_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_stakeholder_groups_organisation_id_project_id_id" UNIQUE ("organisation_id", "project_id", "id"),
      CONSTRAINT "uq_stakeholder_groups_project_name" UNIQUE ("organisation_id", "project_id", "name"),
      CONSTRAINT "ck_stakeholder_groups_kind" CHECK ("kind" IN ('citizens', 'service_users', 'frontline_staff', 'back_office_staff', 'leadership', 'suppliers', 'partners')),
      CONSTRAINT "ck_stakeholder_groups_internal_kind" CHECK (NOT ("internal" AND "kind" IN ('citizens', 'service_users')) AND ("internal" OR "kind" NOT IN ('frontline_staff', 'back_office_staff', 'leadership'))),
      CONSTRAINT "ck_stakeholder_groups_size" CHECK ("size" IS NULL OR "size" > 0),
      CONSTRAINT "fk_stakeholder_groups_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_stakeholder_groups_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"))`);

    await run(q, `CREATE TABLE "engagements" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "group_id" uuid NOT NULL,
      "kind" character varying(32) NOT NULL,
      "occurred_on" date NOT NULL,
      "participants" integer NOT NULL,
      "findings" text NOT NULL,
      "actions_taken" text,
      "actions_recorded_at" timestamptz,
      "external_source" character varying(64),
      "external_id" character varying(128),
      "version" integer NOT NULL DEFAULT '1',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_engagements" PRIMARY KEY ("id"),
      CONSTRAINT "uq_engagements_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_engagements_organisation_id_external_ref" UNIQUE ("organisation_id", "external_source", "external_id"),
      CONSTRAINT "ck_engagements_kind" CHECK ("kind" IN ('user_research', 'usability_test', 'survey', 'consultation', 'co_design', 'feedback_review')),
      CONSTRAINT "ck_engagements_participants" CHECK ("participants" >= 0),
      CONSTRAINT "ck_engagements_actions" CHECK (("actions_taken" IS NULL) = ("actions_recorded_at" IS NULL)),
      CONSTRAINT "ck_engagements_external_ref" CHECK (("external_source" IS NULL) = ("external_id" IS NULL)),
      CONSTRAINT "fk_engagements_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_engagements_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_engagements_group" FOREIGN KEY ("organisation_id", "project_id", "group_id") REFERENCES "stakeholder_groups"("organisation_id", "project_id", "id"))`);
    await run(q, `CREATE INDEX "idx_engagements_project_occurred_on" ON "engagements" ("organisation_id", "project_id", "occurred_on")`);
    await run(q, `CREATE INDEX "idx_engagements_group_occurred_on" ON "engagements" ("organisation_id", "group_id", "occurred_on")`);
    await run(q, `CREATE INDEX "idx_engagements_open_loops" ON "engagements" ("occurred_on", "organisation_id", "project_id") WHERE "actions_recorded_at" IS NULL`);

    await run(q, `CREATE TABLE "buy_in_readings" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "group_id" uuid NOT NULL,
      "surveyed_on" date NOT NULL,
      "respondents" integer NOT NULL,
      "supportive_pct" numeric(5,2) NOT NULL,
      "neutral_pct" numeric(5,2) NOT NULL,
      "opposed_pct" numeric(5,2) NOT NULL,
      "themes" text,
      "external_source" character varying(64),
      "external_id" character varying(128),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_buy_in_readings" PRIMARY KEY ("id"),
      CONSTRAINT "uq_buy_in_readings_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_buy_in_readings_organisation_id_external_ref" UNIQUE ("organisation_id", "external_source", "external_id"),
      CONSTRAINT "ck_buy_in_readings_respondents" CHECK ("respondents" > 0),
      CONSTRAINT "ck_buy_in_readings_shares" CHECK ("supportive_pct" BETWEEN 0 AND 100 AND "neutral_pct" BETWEEN 0 AND 100 AND "opposed_pct" BETWEEN 0 AND 100 AND abs("supportive_pct" + "neutral_pct" + "opposed_pct" - 100) <= 0.5),
      CONSTRAINT "ck_buy_in_readings_external_ref" CHECK (("external_source" IS NULL) = ("external_id" IS NULL)),
      CONSTRAINT "fk_buy_in_readings_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_buy_in_readings_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_buy_in_readings_group" FOREIGN KEY ("organisation_id", "project_id", "group_id") REFERENCES "stakeholder_groups"("organisation_id", "project_id", "id"))`);
    await run(q, `CREATE INDEX "idx_buy_in_readings_project_surveyed_on" ON "buy_in_readings" ("organisation_id", "project_id", "surveyed_on")`);
    await run(q, `CREATE INDEX "idx_buy_in_readings_group_surveyed_on" ON "buy_in_readings" ("organisation_id", "group_id", "surveyed_on")`);

    await run(q, `CREATE TABLE "training_records" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "group_id" uuid NOT NULL,
      "recorded_on" date NOT NULL,
      "staff_in_scope" integer NOT NULL,
      "staff_trained" integer NOT NULL,
      "course" character varying(200),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_training_records" PRIMARY KEY ("id"),
      CONSTRAINT "uq_training_records_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "ck_training_records_staff" CHECK ("staff_in_scope" > 0 AND "staff_trained" >= 0 AND "staff_trained" <= "staff_in_scope"),
      CONSTRAINT "fk_training_records_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"),
      CONSTRAINT "fk_training_records_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_training_records_group" FOREIGN KEY ("organisation_id", "project_id", "group_id") REFERENCES "stakeholder_groups"("organisation_id", "project_id", "id"))`);
    await run(q, `CREATE INDEX "idx_training_records_project_recorded_on" ON "training_records" ("organisation_id", "project_id", "recorded_on")`);
    await run(q, `CREATE INDEX "idx_training_records_group_recorded_on" ON "training_records" ("organisation_id", "group_id", "recorded_on")`);

    for (const table of ['stakeholder_groups', 'engagements']) await grantApp(q, table, 'read-write');
    for (const table of ['buy_in_readings', 'training_records']) {
      await grantApp(q, table, 'append-only');
      await makeAppendOnly(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['training_records', 'buy_in_readings', 'engagements', 'stakeholder_groups']) await run(q, `DROP TABLE "${table}"`);
  }
}
