import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * A refresh no longer deletes the marks it takes at its start (a write re-marking the same subject
 * waited on that delete for the whole refresh, and at 3,000 projects the api's pool ran dry). It
 * reads them with their version, and at its end removes only those nobody re-marked since; a write
 * re-marking a subject bumps the version instead of doing nothing, and only a new mark queues a job
 * (the refresh queues the next one itself for marks it had to leave).
 */
const SELECTS: Record<string, string> = {
  project: `SELECT c.organisation_id, c.project_id AS subject_id, 'project' AS subject_type FROM changed c`,
  kpi: `SELECT k.organisation_id, k.project_id AS subject_id, 'project' AS subject_type FROM changed c JOIN kpis k ON k.organisation_id = c.organisation_id AND k.id = c.kpi_id`,
  report: `SELECT c.organisation_id, coalesce(c.project_id, c.programme_id) AS subject_id, c.subject_type FROM changed c`,
  project_row: `SELECT c.organisation_id, c.id AS subject_id, 'project' AS subject_type FROM changed c`,
  programme_row: `SELECT c.organisation_id, c.id AS subject_id, 'programme' AS subject_type FROM changed c`,
};

// One row per subject (an upsert may not touch a row twice), in key order so writers lock marks in one order.
const versioned = (kind: string) => `CREATE OR REPLACE FUNCTION mark_evidence_dirty_${kind}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH marked AS (
      INSERT INTO evidence_dirty (organisation_id, subject_id, subject_type)
      SELECT DISTINCT ON (organisation_id, subject_id) organisation_id, subject_id, subject_type FROM (${SELECTS[kind]}) s
       WHERE subject_id IS NOT NULL ORDER BY organisation_id, subject_id
      ON CONFLICT (organisation_id, subject_id) DO UPDATE SET version = evidence_dirty.version + 1, marked_at = now()
      RETURNING organisation_id, version)
    INSERT INTO outbox_events (organisation_id, queue, job_name, payload)
    SELECT DISTINCT organisation_id, 'governance', 'refresh-evidence', '{}'::jsonb FROM marked WHERE version = 1;
    RETURN NULL;
  END $$`;

const original = (kind: string) => `CREATE OR REPLACE FUNCTION mark_evidence_dirty_${kind}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH marked AS (
      INSERT INTO evidence_dirty (organisation_id, subject_id, subject_type)
      SELECT DISTINCT organisation_id, subject_id, subject_type FROM (${SELECTS[kind]}) s WHERE subject_id IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING organisation_id)
    INSERT INTO outbox_events (organisation_id, queue, job_name, payload)
    SELECT DISTINCT organisation_id, 'governance', 'refresh-evidence', '{}'::jsonb FROM marked;
    RETURN NULL;
  END $$`;

export class EvidenceMarksWithoutWaiting1763800016600 implements MigrationInterface {
  name = 'EvidenceMarksWithoutWaiting1763800016600';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "evidence_dirty" ADD COLUMN "version" bigint NOT NULL DEFAULT 1`);
    for (const kind of Object.keys(SELECTS)) await run(q, versioned(kind));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const kind of Object.keys(SELECTS)) await run(q, original(kind));
    await run(q, `ALTER TABLE "evidence_dirty" DROP COLUMN "version"`);
  }
}
