import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { HIDDEN_PROGRAMMES, grantApp, makeAppendOnly, run } from './sql';

const STATEMENTS = [
  `CREATE TABLE "milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "title" character varying(200) NOT NULL, "baseline_date" date NOT NULL, "forecast_date" date NOT NULL, "actual_date" date, "status" character varying(16) NOT NULL DEFAULT 'not_started', "owner_person_id" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "uq_milestones_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_milestones_achieved" CHECK (("status" = 'achieved') = ("actual_date" IS NOT NULL)), CONSTRAINT "ck_milestones_status" CHECK ("status" IN ('not_started', 'in_progress', 'achieved', 'cancelled')), CONSTRAINT "pk_milestones" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_milestones_organisation_id_programme_id" ON "milestones"("organisation_id", "programme_id") `,
  `CREATE INDEX "idx_milestones_organisation_id_project_id" ON "milestones"("organisation_id", "project_id") `,
  `CREATE TABLE "milestone_rebaselines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "milestone_id" uuid NOT NULL, "decision_id" uuid NOT NULL, "previous_baseline_date" date NOT NULL, "baseline_date" date NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "uq_milestone_rebaselines_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "pk_milestone_rebaselines" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_milestone_rebaselines_milestone" ON "milestone_rebaselines"("organisation_id", "milestone_id", "created_at") `,
  `CREATE TABLE "benefits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "programme_id" uuid NOT NULL, "project_id" uuid, "objective_id" uuid, "title" character varying(200) NOT NULL, "kind" character varying(24) NOT NULL, "unit" character varying(40) NOT NULL, "owner_person_id" uuid NOT NULL, "baseline_value" numeric(17,2) NOT NULL, "target_value" numeric(17,2) NOT NULL, "realisation_kpi_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "uq_benefits_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_benefits_kind" CHECK ("kind" IN ('cash_releasing', 'non_cash_releasing', 'non_monetised')), CONSTRAINT "pk_benefits" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_benefits_organisation_id_objective_id" ON "benefits"("organisation_id", "objective_id") `,
  `CREATE INDEX "idx_benefits_organisation_id_programme_id" ON "benefits"("organisation_id", "programme_id") `,
  `CREATE INDEX "idx_benefits_organisation_id_project_id" ON "benefits"("organisation_id", "project_id") `,
  `CREATE TABLE "benefit_kpis" ("organisation_id" uuid NOT NULL, "benefit_id" uuid NOT NULL, "kpi_id" uuid NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "pk_benefit_kpis" PRIMARY KEY ("organisation_id", "benefit_id", "kpi_id"))`,
  `CREATE INDEX "idx_benefit_kpis_kpi" ON "benefit_kpis"("organisation_id", "kpi_id") `,
  `CREATE TABLE "benefit_profile_years" ("organisation_id" uuid NOT NULL, "benefit_id" uuid NOT NULL, "financial_year" character varying(7) NOT NULL, "planned" numeric(17,2) NOT NULL, CONSTRAINT "pk_benefit_profile_years" PRIMARY KEY ("organisation_id", "benefit_id", "financial_year"))`,
  `CREATE TABLE "benefit_realisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "benefit_id" uuid NOT NULL, "period" character varying(7) NOT NULL, "amount" numeric(17,2) NOT NULL, "evidence" character varying(1000) NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "uq_benefit_realisations_organisation_id_id" UNIQUE ("organisation_id", "id"), CONSTRAINT "ck_benefit_realisations_period" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'), CONSTRAINT "pk_benefit_realisations" PRIMARY KEY ("id"))`,
  `CREATE INDEX "idx_benefit_realisations_benefit_period" ON "benefit_realisations"("organisation_id", "benefit_id", "period", "created_at") `,
  `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "milestones" ADD CONSTRAINT "fk_milestones_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "milestone_rebaselines" ADD CONSTRAINT "fk_milestone_rebaselines_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "milestone_rebaselines" ADD CONSTRAINT "fk_milestone_rebaselines_decision" FOREIGN KEY ("organisation_id", "decision_id") REFERENCES "decisions"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "milestone_rebaselines" ADD CONSTRAINT "fk_milestone_rebaselines_milestone" FOREIGN KEY ("organisation_id", "milestone_id") REFERENCES "milestones"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "benefits" ADD CONSTRAINT "fk_benefits_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "benefits" ADD CONSTRAINT "fk_benefits_realisation_kpi" FOREIGN KEY ("organisation_id", "realisation_kpi_id") REFERENCES "kpis"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "benefits" ADD CONSTRAINT "fk_benefits_owner_person" FOREIGN KEY ("organisation_id", "owner_person_id") REFERENCES "people"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "benefits" ADD CONSTRAINT "fk_benefits_objective" FOREIGN KEY ("organisation_id", "objective_id") REFERENCES "strategic_objectives"("organisation_id","id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "benefits" ADD CONSTRAINT "fk_benefits_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "benefits" ADD CONSTRAINT "fk_benefits_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "benefit_kpis" ADD CONSTRAINT "fk_benefit_kpis_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "benefit_kpis" ADD CONSTRAINT "fk_benefit_kpis_kpi" FOREIGN KEY ("organisation_id", "kpi_id") REFERENCES "kpis"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "benefit_kpis" ADD CONSTRAINT "fk_benefit_kpis_benefit" FOREIGN KEY ("organisation_id", "benefit_id") REFERENCES "benefits"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "benefit_profile_years" ADD CONSTRAINT "fk_benefit_profile_years_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "benefit_profile_years" ADD CONSTRAINT "fk_benefit_profile_years_benefit" FOREIGN KEY ("organisation_id", "benefit_id") REFERENCES "benefits"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  `ALTER TABLE "benefit_realisations" ADD CONSTRAINT "fk_benefit_realisations_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
  `ALTER TABLE "benefit_realisations" ADD CONSTRAINT "fk_benefit_realisations_benefit" FOREIGN KEY ("organisation_id", "benefit_id") REFERENCES "benefits"("organisation_id","id") ON DELETE CASCADE ON UPDATE NO ACTION`,
];

/** Tables that carry their programme: a restricted programme hides their rows like the portfolio's own. */
const WITH_PROGRAMME = ['milestones', 'benefits'];
const READ_WRITE = ['milestones', 'benefits', 'benefit_kpis', 'benefit_profile_years'];
const APPEND_ONLY = ['milestone_rebaselines', 'benefit_realisations'];

// The evidence read model follows milestones (the rating's schedule input) and benefits (their rules)
// as it follows the other evidence: a statement trigger marks the project, as mark_evidence_dirty_project does.
const markVia = (kind: string, parent: string, key: string) => `CREATE FUNCTION mark_evidence_dirty_${kind}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH marked AS (
      INSERT INTO evidence_dirty (organisation_id, subject_id, subject_type)
      SELECT DISTINCT ON (organisation_id, subject_id) organisation_id, subject_id, subject_type
        FROM (SELECT p.organisation_id, p.project_id AS subject_id, 'project' AS subject_type FROM changed c JOIN ${parent} p ON p.organisation_id = c.organisation_id AND p.id = c.${key}) s
       WHERE subject_id IS NOT NULL ORDER BY organisation_id, subject_id
      ON CONFLICT (organisation_id, subject_id) DO UPDATE SET version = evidence_dirty.version + 1, marked_at = now()
      RETURNING organisation_id, version)
    INSERT INTO outbox_events (organisation_id, queue, job_name, payload)
    SELECT DISTINCT organisation_id, 'governance', 'refresh-evidence', '{}'::jsonb FROM marked WHERE version = 1;
    RETURN NULL;
  END $$`;
const WATCHED: [table: string, fn: string, events: string[]][] = [
  ['milestones', 'mark_evidence_dirty_project', ['INSERT', 'UPDATE', 'DELETE']],
  ['benefits', 'mark_evidence_dirty_project', ['INSERT', 'UPDATE', 'DELETE']],
  ['milestone_rebaselines', 'mark_evidence_dirty_milestone', ['INSERT']],
  ['benefit_realisations', 'mark_evidence_dirty_benefit', ['INSERT']],
  ['benefit_profile_years', 'mark_evidence_dirty_benefit', ['INSERT', 'UPDATE', 'DELETE']],
  ['benefit_kpis', 'mark_evidence_dirty_benefit', ['INSERT', 'DELETE']],
];

/**
 * Delivery: milestones per project and programme with their re-baseline decisions (append-only), and
 * the benefits register (benefits, the KPIs measuring them, the planned profile per financial year,
 * realised amounts entered with evidence, append-only).
 */
export class Delivery1763800025000 implements MigrationInterface {
  name = 'Delivery1763800025000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of STATEMENTS) await run(q, sql);
    for (const table of [...READ_WRITE, ...APPEND_ONLY]) {
      await grantApp(q, table, APPEND_ONLY.includes(table) ? 'append-only' : 'read-write');
      await enableTenantRls(q, table);
    }
    for (const table of APPEND_ONLY) await makeAppendOnly(q, table);
    for (const table of WITH_PROGRAMME) {
      const visible = `"programme_id" <> ALL (${HIDDEN_PROGRAMMES})`;
      await run(q, `CREATE POLICY "restricted_programmes" ON "${table}" AS RESTRICTIVE USING (${visible}) WITH CHECK (${visible})`);
    }
    await run(q, markVia('milestone', 'milestones', 'milestone_id'));
    await run(q, markVia('benefit', 'benefits', 'benefit_id'));
    for (const [table, fn, events] of WATCHED) {
      for (const event of events) {
        const transition = event === 'DELETE' ? 'OLD TABLE AS changed' : 'NEW TABLE AS changed';
        await run(q, `CREATE TRIGGER "trg_${table}_evidence_${event.toLowerCase()}" AFTER ${event} ON "${table}" REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['benefit_realisations', 'benefit_profile_years', 'benefit_kpis', 'benefits', 'milestone_rebaselines', 'milestones']) await run(q, `DROP TABLE "${table}"`);
    await run(q, `DROP FUNCTION mark_evidence_dirty_benefit()`);
    await run(q, `DROP FUNCTION mark_evidence_dirty_milestone()`);
  }
}
