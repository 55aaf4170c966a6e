import { EntityManager } from 'typeorm';
import { enqueueJobsSql, JOBS } from '@app/platform';

/** A subject marked for refresh, with the mark's version when it was read. */
export interface EvidenceMark {
  subject_type: 'project' | 'programme';
  subject_id: string;
  version: string;
}

/**
 * The organisation's marks as they stand, read without a lock: a write re-marking one of these
 * subjects while the refresh runs must not wait for it (writes bump the version; see releaseMarks).
 */
export function readMarks(manager: EntityManager, organisationId: string): Promise<EvidenceMark[]> {
  return manager.query(`SELECT subject_type, subject_id, version::text AS version FROM evidence_dirty WHERE organisation_id = $1`, [organisationId]);
}

/**
 * At the end of a refresh or scan that covered `marks`: removes those nobody re-marked since. A mark
 * re-marked since (a newer version), or being re-marked right now (locked by a writer, skipped rather
 * than waited for), stays, and one more refresh is queued for it; the delete is the last thing before
 * the commit, so a writer meeting it waits only for that commit.
 */
export async function releaseMarks(manager: EntityManager, organisationId: string, marks: EvidenceMark[]): Promise<void> {
  if (marks.length > 0) {
    await manager.query(
      `DELETE FROM evidence_dirty d WHERE d.organisation_id = $1 AND (d.subject_id, d.version) IN (
         SELECT x.subject_id, x.version FROM evidence_dirty x JOIN unnest($2::uuid[], $3::bigint[]) AS c(subject_id, version) ON c.subject_id = x.subject_id AND c.version = x.version
          WHERE x.organisation_id = $1 FOR UPDATE OF x SKIP LOCKED)`,
      [organisationId, marks.map((m) => m.subject_id), marks.map((m) => m.version)],
    );
  }
  // A fresh statement: it sees what writers committed meanwhile, and still sees the marks they hold.
  await manager.query(
    `WITH left_over AS (SELECT $1::uuid AS organisation_id WHERE EXISTS (SELECT 1 FROM evidence_dirty WHERE organisation_id = $1))
     ${enqueueJobsSql(JOBS.refreshEvidence, 'left_over', `'{}'::jsonb`)}`,
    [organisationId],
  );
}

/** Marks a subject for refresh from a service write that no trigger watches (acknowledging a flag), as the triggers do. */
export async function markEvidenceDirty(manager: EntityManager, organisationId: string, subjectType: 'project' | 'programme', subjectId: string): Promise<void> {
  await manager.query(
    `WITH marked AS (INSERT INTO evidence_dirty (organisation_id, subject_id, subject_type) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_id, subject_id) DO UPDATE SET version = evidence_dirty.version + 1, marked_at = now() RETURNING organisation_id, version),
     fresh AS (SELECT organisation_id FROM marked WHERE version = 1)
     ${enqueueJobsSql(JOBS.refreshEvidence, 'fresh', `'{}'::jsonb`)}`,
    [organisationId, subjectId, subjectType],
  );
}
