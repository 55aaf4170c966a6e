import { SUBJECT_OWNERS_SQL } from '@app/platform';

export interface OpenFlagsFilter {
  rule?: string;
  severity?: string;
  programmeId?: string;
  projectId?: string;
  /** A person who owns the flag's subject (project manager, or a programme's SRO or manager). */
  ownerId?: string;
}

export interface OpenFlagRow {
  id: string;
  rule: string;
  severity: string;
  status: string;
  evidence: string;
  details: Record<string, unknown>;
  first_raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  subject_type: 'project' | 'programme';
  project_id: string | null;
  programme_id: string;
  project_code: string | null;
  project_name: string | null;
  programme_code: string;
  programme_name: string;
  owners: string | null;
}

/** Every unresolved flag across the portfolio, worst first (critical, then oldest), with who answers for it. */
export function openFlagsSql(filter: OpenFlagsFilter, limit: number): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown, type: string) => {
    values.push(value);
    return `$${values.length + 1}::${type}`;
  };
  const conditions: string[] = [];
  if (filter.rule) conditions.push(`f.rule = ${param(filter.rule, 'text')}`);
  if (filter.severity) conditions.push(`f.severity = ${param(filter.severity, 'text')}`);
  if (filter.programmeId) conditions.push(`f.programme_id = ${param(filter.programmeId, 'uuid')}`);
  if (filter.projectId) conditions.push(`f.project_id = ${param(filter.projectId, 'uuid')}`);
  if (filter.ownerId) conditions.push(`EXISTS (SELECT 1 FROM flag_owners o WHERE o.subject_id = f.subject_id AND o.person_id = ${param(filter.ownerId, 'uuid')})`);
  const sql = `
WITH flag_owners AS MATERIALIZED (${SUBJECT_OWNERS_SQL})
SELECT f.id, f.rule, f.severity, f.status, f.evidence, f.details, f.first_raised_at, f.acknowledged_at, f.acknowledged_by,
       f.subject_type, f.project_id, f.programme_id, p.code AS project_code, p.name AS project_name, g.code AS programme_code, g.name AS programme_name,
       (SELECT string_agg(DISTINCT o.name, ', ') FROM flag_owners o WHERE o.subject_id = f.subject_id) AS owners
  FROM flags f
  JOIN programmes g ON g.organisation_id = f.organisation_id AND g.id = f.programme_id
  LEFT JOIN projects p ON p.organisation_id = f.organisation_id AND p.id = f.project_id
 WHERE f.organisation_id = $1 AND f.status <> 'resolved'${conditions.map((c) => ` AND ${c}`).join('')}
 ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, f.first_raised_at, f.seq
 LIMIT ${param(limit + 1, 'int')}`;
  return { sql, values };
}

/** The people who answer for something in the organisation: the owner filter's choices. */
export const OWNER_CHOICES_SQL = `SELECT DISTINCT person_id AS id, name FROM (${SUBJECT_OWNERS_SQL}) o ORDER BY name, person_id`;
