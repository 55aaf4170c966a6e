import { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './1763800008000-row-level-security';
import { grantApp, run } from './sql';

/**
 * The evidence read model: one row per project and per programme holding exactly what the board
 * sees (docs/EVIDENCE.md), refreshed by the governance scan and by the worker after any write that
 * touches a project. Writes mark their subjects in evidence_dirty from statement-level triggers, in
 * the write's own transaction, and put one outbox row per organisation the first time a subject is
 * marked: so every writer (api, import, CLI) is covered, and a burst of writes is one refresh.
 */
const WATCHED: { table: string; kind: string; events: ('INSERT' | 'UPDATE' | 'DELETE')[] }[] = [
  // The ledger's running totals change with every entry, import chunk and reversal: one statement each.
  { table: 'spend_totals', kind: 'project', events: ['INSERT', 'UPDATE'] },
  { table: 'budgets', kind: 'project', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'forecasts', kind: 'project', events: ['INSERT'] },
  { table: 'kpis', kind: 'project', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'kpi_measurements', kind: 'kpi', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'engagements', kind: 'project', events: ['INSERT', 'UPDATE'] },
  { table: 'buy_in_readings', kind: 'project', events: ['INSERT'] },
  { table: 'training_records', kind: 'project', events: ['INSERT'] },
  { table: 'status_reports', kind: 'report', events: ['INSERT'] },
  { table: 'projects', kind: 'project_row', events: ['INSERT', 'UPDATE'] },
  { table: 'programmes', kind: 'programme_row', events: ['INSERT', 'UPDATE'] },
];

export class EvidenceReadModel1763800010000 implements MigrationInterface {
  name = 'EvidenceReadModel1763800010000';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `CREATE TABLE "project_evidence" (
      "organisation_id" uuid NOT NULL,
      "project_id" uuid NOT NULL,
      "programme_id" uuid NOT NULL,
      "code" character varying(40) NOT NULL,
      "period" character varying(7) NOT NULL,
      "as_of" date NOT NULL,
      "evidence_as_of" timestamptz NOT NULL,
      "rating" character varying(16),
      "rating_step" smallint,
      "reported" character varying(16),
      "reported_step" smallint,
      "optimism_gap" smallint,
      "optimism_flagged" boolean NOT NULL,
      "critical_flags" integer NOT NULL,
      "kpis_off_track" integer NOT NULL,
      "over_budget" boolean NOT NULL,
      "inputs" jsonb,
      "flags_by_rule" jsonb NOT NULL,
      "doc" text NOT NULL,
      CONSTRAINT "pk_project_evidence" PRIMARY KEY ("organisation_id", "project_id"),
      CONSTRAINT "fk_project_evidence_project" FOREIGN KEY ("organisation_id", "project_id") REFERENCES "projects"("organisation_id", "id"),
      CONSTRAINT "fk_project_evidence_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id", "id"))`);
    // The portfolio's read: an organisation's rows in programme and code order, one index range.
    await run(q, `CREATE INDEX "idx_project_evidence_programme_code" ON "project_evidence" ("organisation_id", "programme_id", "code")`);
    await run(q, `CREATE TABLE "programme_evidence" (
      "organisation_id" uuid NOT NULL,
      "programme_id" uuid NOT NULL,
      "code" character varying(40) NOT NULL,
      "period" character varying(7) NOT NULL,
      "evidence_as_of" timestamptz NOT NULL,
      "rating" character varying(16),
      "rating_step" smallint,
      "reported" character varying(16),
      "reported_step" smallint,
      "optimism_gap" smallint,
      "optimism_flagged" boolean NOT NULL,
      "critical_flags" integer NOT NULL,
      "flags_by_rule" jsonb NOT NULL,
      "doc" text NOT NULL,
      CONSTRAINT "pk_programme_evidence" PRIMARY KEY ("organisation_id", "programme_id"),
      CONSTRAINT "fk_programme_evidence_programme" FOREIGN KEY ("organisation_id", "programme_id") REFERENCES "programmes"("organisation_id", "id"))`);
    // Programmes in code order, so the portfolio's statement needs no sort of its (large) joined rows.
    await run(q, `CREATE INDEX "idx_programme_evidence_code" ON "programme_evidence" ("organisation_id", "code")`);
    await run(q, `CREATE TABLE "evidence_states" (
      "organisation_id" uuid NOT NULL,
      "period" character varying(7) NOT NULL,
      "version" bigint NOT NULL,
      "refreshed_at" timestamptz NOT NULL,
      CONSTRAINT "pk_evidence_states" PRIMARY KEY ("organisation_id"),
      CONSTRAINT "fk_evidence_states_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await run(q, `CREATE TABLE "evidence_dirty" (
      "organisation_id" uuid NOT NULL,
      "subject_id" uuid NOT NULL,
      "subject_type" character varying(16) NOT NULL,
      "marked_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_evidence_dirty" PRIMARY KEY ("organisation_id", "subject_id"),
      CONSTRAINT "ck_evidence_dirty_subject_type" CHECK ("subject_type" IN ('project', 'programme')))`);
    // What the board saw: the pack's evidence and reports, stored when the pack is produced (identical packs share one).
    await run(q, `CREATE TABLE "evidence_snapshots" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "organisation_id" uuid NOT NULL,
      "period" character varying(7) NOT NULL,
      "cut_off" timestamptz NOT NULL,
      "taken_at" timestamptz NOT NULL DEFAULT now(),
      "digest" character varying(64) NOT NULL,
      "content" jsonb NOT NULL,
      CONSTRAINT "pk_evidence_snapshots" PRIMARY KEY ("id"),
      CONSTRAINT "uq_evidence_snapshots_organisation_id_id" UNIQUE ("organisation_id", "id"),
      CONSTRAINT "uq_evidence_snapshots_content" UNIQUE ("organisation_id", "period", "digest"),
      CONSTRAINT "fk_evidence_snapshots_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id"))`);
    await grantApp(q, 'evidence_snapshots', 'append-only');
    await enableTenantRls(q, 'evidence_snapshots');
    for (const table of ['project_evidence', 'programme_evidence', 'evidence_states', 'evidence_dirty']) {
      await grantApp(q, table, 'read-write');
      await enableTenantRls(q, table);
    }

    // One function per shape of changed row (plpgsql plans each trigger's table separately).
    const fn = (kind: string, select: string) => `CREATE FUNCTION mark_evidence_dirty_${kind}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH marked AS (
          INSERT INTO evidence_dirty (organisation_id, subject_id, subject_type)
          SELECT DISTINCT organisation_id, subject_id, subject_type FROM (${select}) s WHERE subject_id IS NOT NULL
          ON CONFLICT DO NOTHING RETURNING organisation_id)
        INSERT INTO outbox_events (organisation_id, queue, job_name, payload)
        SELECT DISTINCT organisation_id, 'governance', 'refresh-evidence', '{}'::jsonb FROM marked;
        RETURN NULL;
      END $$`;
    await run(q, fn('project', `SELECT c.organisation_id, c.project_id AS subject_id, 'project' AS subject_type FROM changed c`));
    await run(q, fn('kpi', `SELECT k.organisation_id, k.project_id AS subject_id, 'project' AS subject_type FROM changed c JOIN kpis k ON k.organisation_id = c.organisation_id AND k.id = c.kpi_id`));
    await run(q, fn('report', `SELECT c.organisation_id, coalesce(c.project_id, c.programme_id) AS subject_id, c.subject_type FROM changed c`));
    await run(q, fn('project_row', `SELECT c.organisation_id, c.id AS subject_id, 'project' AS subject_type FROM changed c`));
    await run(q, fn('programme_row', `SELECT c.organisation_id, c.id AS subject_id, 'programme' AS subject_type FROM changed c`));
    for (const { table, kind, events } of WATCHED) {
      for (const event of events) {
        const transition = event === 'DELETE' ? 'OLD TABLE AS changed' : 'NEW TABLE AS changed';
        await run(q, `CREATE TRIGGER "trg_${table}_evidence_${event.toLowerCase()}" AFTER ${event} ON "${table}" REFERENCING ${transition}
          FOR EACH STATEMENT EXECUTE FUNCTION mark_evidence_dirty_${kind}()`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table, events } of WATCHED) for (const event of events) await run(q, `DROP TRIGGER "trg_${table}_evidence_${event.toLowerCase()}" ON "${table}"`);
    for (const kind of ['project', 'kpi', 'report', 'project_row', 'programme_row']) await run(q, `DROP FUNCTION mark_evidence_dirty_${kind}()`);
    for (const table of ['evidence_snapshots', 'evidence_dirty', 'evidence_states', 'programme_evidence', 'project_evidence']) await run(q, `DROP TABLE "${table}"`);
  }
}
