import { MigrationInterface, QueryRunner } from 'typeorm';
import { run } from './sql';

/**
 * Incremental nightly scans. The nightly scan re-judges only the projects a write marked and those
 * whose dated evidence crosses a threshold since the organisation's last scan, so it needs to know:
 * - the day that scan judged as of (`scanned_for`), the day of its last full scan (`full_scanned_for`),
 *   and a digest of the organisation's thresholds then (a settings, month or financial-year change
 *   makes the next one full);
 * - every write that moves a rule, marked like the read model's other inputs: commitments,
 *   stakeholder groups, owners, actions, risks, dependencies and knowledge transfers had no marks
 *   (the nightly full scan caught them);
 * - a flag's evidence as of another day: counts of days and the rolling year's end move with the
 *   calendar, not with the facts, so a flag whose facts are unchanged is not rewritten for them and
 *   its text is brought to the day it is read.
 */
const RECORD_MARKS = `CREATE OR REPLACE FUNCTION mark_evidence_dirty_record() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    WITH marked AS (
      INSERT INTO evidence_dirty (organisation_id, subject_id, subject_type)
      SELECT DISTINCT ON (organisation_id, subject_id) organisation_id, subject_id, subject_type FROM (
        SELECT c.organisation_id, coalesce(c.project_id, c.programme_id) AS subject_id,
               CASE WHEN c.project_id IS NULL THEN 'programme' ELSE 'project' END AS subject_type FROM changed c) s
       WHERE subject_id IS NOT NULL ORDER BY organisation_id, subject_id
      ON CONFLICT (organisation_id, subject_id) DO UPDATE SET version = evidence_dirty.version + 1, marked_at = now()
      RETURNING organisation_id, version)
    INSERT INTO outbox_events (organisation_id, queue, job_name, payload)
    SELECT DISTINCT organisation_id, 'governance', 'refresh-evidence', '{}'::jsonb FROM marked WHERE version = 1;
    RETURN NULL;
  END $$`;

/** Tables whose rows carry a project (kind project: mark_evidence_dirty_project) or a project or programme (record). */
const WATCHED: { table: string; kind: 'project' | 'record'; events: ('INSERT' | 'UPDATE' | 'DELETE')[] }[] = [
  { table: 'commitments', kind: 'project', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'stakeholder_groups', kind: 'project', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'knowledge_transfers', kind: 'project', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'owners', kind: 'record', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'actions', kind: 'record', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'risks', kind: 'record', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'dependencies', kind: 'record', events: ['INSERT', 'UPDATE', 'DELETE'] },
];

/**
 * The text a scan on `day` would write for evidence written on another day, when the facts are the
 * same: "<date>, N days ago" and "<date> (N days ago)" count from `day`, and "the 12 months to
 * <date>" ends on it. libs/governance/src/flag-evidence.ts is the same in TypeScript.
 */
const EVIDENCE_AS_OF = `CREATE OR REPLACE FUNCTION flag_evidence_as_of(evidence text, day date) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
  DECLARE
    result text := evidence;
    m text[];
  BEGIN
    IF evidence IS NULL OR day IS NULL OR (evidence NOT LIKE '% days ago%' AND evidence NOT LIKE '%the 12 months to %') THEN
      RETURN evidence;
    END IF;
    FOR m IN SELECT regexp_matches(evidence, '(\\d{4}-\\d{2}-\\d{2})(, | \\()(\\d+) days ago', 'g') LOOP
      result := replace(result, m[1] || m[2] || m[3] || ' days ago', m[1] || m[2] || (day - m[1]::date)::text || ' days ago');
    END LOOP;
    RETURN regexp_replace(result, 'the 12 months to \\d{4}-\\d{2}-\\d{2}', 'the 12 months to ' || to_char(day, 'YYYY-MM-DD'), 'g');
  END $$`;

export class IncrementalScans1763800027500 implements MigrationInterface {
  name = 'IncrementalScans1763800027500';

  async up(q: QueryRunner): Promise<void> {
    await run(q, `ALTER TABLE "organisation_scan_marks" ADD COLUMN "scanned_for" date, ADD COLUMN "full_scanned_for" date, ADD COLUMN "thresholds_digest" character varying(32)`);
    await run(q, `ALTER TABLE "governance_scan_parts" ADD COLUMN "mode" character varying(16), ADD COLUMN "projects_evaluated" integer NOT NULL DEFAULT 0,
      ADD CONSTRAINT "ck_governance_scan_parts_mode" CHECK ("mode" IN ('full', 'incremental'))`);
    await run(q, RECORD_MARKS);
    for (const { table, kind, events } of WATCHED) {
      for (const event of events) {
        const transition = event === 'DELETE' ? 'OLD TABLE AS changed' : 'NEW TABLE AS changed';
        await run(q, `CREATE TRIGGER "trg_${table}_evidence_${event.toLowerCase()}" AFTER ${event} ON "${table}" REFERENCING ${transition}
          FOR EACH STATEMENT EXECUTE FUNCTION mark_evidence_dirty_${kind}()`);
      }
    }
    await run(q, EVIDENCE_AS_OF);
  }

  async down(q: QueryRunner): Promise<void> {
    await run(q, `DROP FUNCTION flag_evidence_as_of(text, date)`);
    for (const { table, events } of WATCHED) for (const event of events) await run(q, `DROP TRIGGER "trg_${table}_evidence_${event.toLowerCase()}" ON "${table}"`);
    await run(q, `DROP FUNCTION mark_evidence_dirty_record()`);
    await run(q, `ALTER TABLE "governance_scan_parts" DROP CONSTRAINT "ck_governance_scan_parts_mode", DROP COLUMN "projects_evaluated", DROP COLUMN "mode"`);
    await run(q, `ALTER TABLE "organisation_scan_marks" DROP COLUMN "thresholds_digest", DROP COLUMN "full_scanned_for", DROP COLUMN "scanned_for"`);
  }
}
