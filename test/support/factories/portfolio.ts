import { Pool } from 'pg';

let seq = 0;
const next = () => `${process.pid}${++seq}`;

export interface ProgrammeRow {
  id: string;
  code: string;
}

export interface ProjectRow {
  id: string;
  code: string;
  programmeId: string;
}

/**
 * Arranges portfolio rows directly in SQL (owner connection), so other areas' tests can have
 * projects without going through the portfolio API.
 */
export async function insertProgramme(db: Pool, organisationId: string, overrides: { code?: string; name?: string; objectiveId?: string | null; status?: string } = {}): Promise<ProgrammeRow> {
  const code = overrides.code ?? `PRG-${next()}`;
  const { rows } = await db.query(
    `INSERT INTO programmes (organisation_id, code, name, objective_id, status) VALUES ($1, $2, $3, $4, $5) RETURNING id, code`,
    [organisationId, code, overrides.name ?? `Programme ${code}`, overrides.objectiveId ?? null, overrides.status ?? 'active'],
  );
  return rows[0];
}

export async function insertProject(
  db: Pool,
  organisationId: string,
  overrides: { programmeId?: string; code?: string; name?: string; phase?: string; userNeed?: string | null; status?: string } = {},
): Promise<ProjectRow> {
  const programmeId = overrides.programmeId ?? (await insertProgramme(db, organisationId)).id;
  const code = overrides.code ?? `PRJ-${next()}`;
  const { rows } = await db.query(
    `INSERT INTO projects (organisation_id, programme_id, code, name, phase, user_need, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, code, programme_id AS "programmeId"`,
    [organisationId, programmeId, code, overrides.name ?? `Project ${code}`, overrides.phase ?? 'beta', overrides.userNeed === undefined ? 'As a resident I need to do this online' : overrides.userNeed, overrides.status ?? 'active'],
  );
  return rows[0];
}
