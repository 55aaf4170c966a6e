import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { HIDDEN_PROGRAMMES, grantApp, makeAppendOnly, run } from './sql';

const TABLES = ['owners', 'actions', 'risks', 'issues', 'decisions', 'dependencies', 'accountability_events'];

const STATEMENTS = [
  `CREATE TABLE "owners" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "kpi_id" uuid, "person_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_owners_subject" UNIQUE ("organisation_id", "subject_type", "subject_id"), CONSTRAINT "uq_owners_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_owners_subject" CHECK (("subject_type" = 'programme' AND "subject_id" = "programme_id" AND "project_id" IS NULL AND "kpi_id" IS NULL) OR ("subject_type" = 'project' AND "subject_id" = "project_id" AND "kpi_id" IS NULL) OR ("subject_type" = 'kpi' AND "subject_id" = "kpi_id" AND "project_id" IS NOT NULL)), CONSTRAINT "ck_owners_subject_type" CHECK ("subject_type" IN ('programme', 'project', 'kpi')), CONSTRAINT "pk_owners" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_owners_organisation_id_person_id" ON "owners"  ("organisation_id", "person_id") `,
  `CREATE TABLE "actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "title" character varying(200) NOT NULL, "parent_type" character varying(16) NOT NULL, "parent_id" uuid NOT NULL, "owner_person_id" uuid NOT NULL, "due_on" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "notes" text, "closed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_actions_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_actions_parent_type" CHECK ("parent_type" IN ('flag', 'risk', 'issue', 'decision', 'status_report')), CONSTRAINT "ck_actions_status" CHECK ("status" IN ('open', 'done', 'cancelled')), CONSTRAINT "pk_actions" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_actions_open_due" ON "actions"  ("organisation_id", "due_on") WHERE "status" = 'open'`,
  `CREATE INDEX "idx_actions_organisation_id_parent" ON "actions"  ("organisation_id", "parent_type", "parent_id") `,
  `CREATE INDEX "idx_actions_organisation_id_owner_person_id" ON "actions"  ("organisation_id", "owner_person_id") `,
  `CREATE INDEX "idx_actions_organisation_id_project_id" ON "actions"  ("organisation_id", "project_id") `,
  `CREATE INDEX "idx_actions_organisation_id_programme_id" ON "actions"  ("organisation_id", "programme_id") `,
  `CREATE TABLE "risks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "title" character varying(200) NOT NULL, "description" text, "likelihood" smallint NOT NULL, "impact" smallint NOT NULL, "proximity" character varying(20) NOT NULL, "owner_person_id" uuid NOT NULL, "response" text, "status" character varying(16) NOT NULL DEFAULT 'open', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_risks_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_risks_impact" CHECK ("impact" BETWEEN 1 AND 5), CONSTRAINT "ck_risks_likelihood" CHECK ("likelihood" BETWEEN 1 AND 5), CONSTRAINT "ck_risks_proximity" CHECK ("proximity" IN ('imminent', 'within_3_months', 'within_6_months', 'beyond_6_months')), CONSTRAINT "ck_risks_status" CHECK ("status" IN ('open', 'closed', 'occurred')), CONSTRAINT "pk_risks" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_risks_organisation_id_owner_person_id" ON "risks"  ("organisation_id", "owner_person_id") `,
  `CREATE INDEX "idx_risks_organisation_id_project_id" ON "risks"  ("organisation_id", "project_id") `,
  `CREATE INDEX "idx_risks_organisation_id_programme_id" ON "risks"  ("organisation_id", "programme_id") `,
  `CREATE TABLE "issues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "title" character varying(200) NOT NULL, "description" text, "severity" character varying(16) NOT NULL, "owner_person_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_issues_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_issues_severity" CHECK ("severity" IN ('low', 'medium', 'high', 'critical')), CONSTRAINT "ck_issues_status" CHECK ("status" IN ('open', 'resolved')), CONSTRAINT "pk_issues" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_issues_organisation_id_owner_person_id" ON "issues"  ("organisation_id", "owner_person_id") `,
  `CREATE INDEX "idx_issues_organisation_id_project_id" ON "issues"  ("organisation_id", "project_id") `,
  `CREATE INDEX "idx_issues_organisation_id_programme_id" ON "issues"  ("organisation_id", "programme_id") `,
  `CREATE TABLE "decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "title" character varying(200) NOT NULL, "description" text, "owner_person_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'awaited', "needed_by" date, "decided_by" character varying(200), "decided_on" date, "rationale" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_decisions_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_decisions_made" CHECK ("status" <> 'made' OR ("decided_by" IS NOT NULL AND "decided_on" IS NOT NULL AND "rationale" IS NOT NULL)), CONSTRAINT "ck_decisions_status" CHECK ("status" IN ('awaited', 'made', 'withdrawn')), CONSTRAINT "pk_decisions" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_decisions_organisation_id_owner_person_id" ON "decisions"  ("organisation_id", "owner_person_id") `,
  `CREATE INDEX "idx_decisions_organisation_id_project_id" ON "decisions"  ("organisation_id", "project_id") `,
  `CREATE INDEX "idx_decisions_organisation_id_programme_id" ON "decisions"  ("organisation_id", "programme_id") `,
  `CREATE TABLE "dependencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "title" character varying(200) NOT NULL, "depends_on_project_id" uuid, "external_party" character varying(200), "need_by" date NOT NULL, "owner_person_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_dependencies_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_dependencies_on" CHECK (("depends_on_project_id" IS NULL) <> ("external_party" IS NULL)), CONSTRAINT "ck_dependencies_status" CHECK ("status" IN ('open', 'met', 'cancelled')), CONSTRAINT "pk_dependencies" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_dependencies_organisation_id_owner_person_id" ON "dependencies"  ("organisation_id", "owner_person_id") `,
  `CREATE INDEX "idx_dependencies_organisation_id_project_id" ON "dependencies"  ("organisation_id", "project_id") `,
  `CREATE INDEX "idx_dependencies_organisation_id_programme_id" ON "dependencies"  ("organisation_id", "programme_id") `,
  `CREATE TABLE "accountability_events" ("seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "item_type" character varying(16) NOT NULL, "item_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "actor" character varying(100) NOT NULL, "actor_person_id" uuid, "changes" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_accountability_events_kind" CHECK ("kind" IN ('created', 'updated')), CONSTRAINT "ck_accountability_events_item_type" CHECK ("item_type" IN ('action', 'risk', 'issue', 'decision', 'dependency')), CONSTRAINT "pk_accountability_events" PRIMARY KEY ("seq"))`,
  `CREATE INDEX "idx_accountability_events_item" ON "accountability_events"  ("organisation_id", "item_id", "seq") `,
  `ALTER TABLE "owners" ADD CONSTRAINT "fk_owners_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "owners" ADD CONSTRAINT "fk_owners_kpi" FOREIGN KEY ("organisation_id", "kpi_id") REFERENCES "kpis"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "owners" ADD CONSTRAINT "fk_owners_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "owners" ADD CONSTRAINT "fk_owners_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "owners" ADD CONSTRAINT "fk_owners_person" FOREIGN KEY ("organisation_id", "person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "actions" ADD CONSTRAINT "fk_actions_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "actions" ADD CONSTRAINT "fk_actions_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "actions" ADD CONSTRAINT "fk_actions_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "actions" ADD CONSTRAINT "fk_actions_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "risks" ADD CONSTRAINT "fk_risks_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "risks" ADD CONSTRAINT "fk_risks_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "risks" ADD CONSTRAINT "fk_risks_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "risks" ADD CONSTRAINT "fk_risks_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "issues" ADD CONSTRAINT "fk_issues_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "issues" ADD CONSTRAINT "fk_issues_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "issues" ADD CONSTRAINT "fk_issues_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "issues" ADD CONSTRAINT "fk_issues_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "decisions" ADD CONSTRAINT "fk_decisions_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "decisions" ADD CONSTRAINT "fk_decisions_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "decisions" ADD CONSTRAINT "fk_decisions_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "decisions" ADD CONSTRAINT "fk_decisions_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "dependencies" ADD CONSTRAINT "fk_dependencies_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "dependencies" ADD CONSTRAINT "fk_dependencies_depends_on_project" FOREIGN KEY ("organisation_id", "depends_on_project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "dependencies" ADD CONSTRAINT "fk_dependencies_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "dependencies" ADD CONSTRAINT "fk_dependencies_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "dependencies" ADD CONSTRAINT "fk_dependencies_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "accountability_events" ADD CONSTRAINT "fk_accountability_events_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
];

/**
 * Accountability: owners, actions, and the risk, issue, decision and dependency log with the
 * history of every change. Every row carries its programme, so a restricted programme hides it
 * like the portfolio's own tables (the restrictive "restricted_programmes" policy).
 */
export class Accountability1763800018000 implements MigrationInterface {
  name = 'Accountability1763800018000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of STATEMENTS) await run(q, sql);
    for (const table of TABLES) {
      await grantApp(q, table, table === 'accountability_events' ? 'append-only' : 'read-write');
      await enableTenantRls(q, table);
      const visible = `"programme_id" <> ALL (${HIDDEN_PROGRAMMES})`;
      await run(q, `CREATE POLICY "restricted_programmes" ON "${table}" AS RESTRICTIVE USING (${visible}) WITH CHECK (${visible})`);
    }
    await makeAppendOnly(q, 'accountability_events');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await run(q, `DROP TABLE "${table}"`);
  }
}
