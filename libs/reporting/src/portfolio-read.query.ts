import { TenantTx } from '@app/platform';
import { LIVE_PROGRAMME_ROWS_SQL, LIVE_PROJECT_ROWS_SQL } from '@app/governance';

/** A project as the evidence read model holds it: the scalars filters, sorts and counts use, and the page's JSON as text. */
export interface ProjectRow {
  project_id: string;
  programme_id: string;
  code: string;
  rating: string | null;
  rating_step: number | null;
  reported: string | null;
  reported_step: number | null;
  optimism_gap: number | null;
  optimism_flagged: boolean;
  critical_flags: number;
  kpis_off_track: number;
  over_budget: boolean;
  as_of: string;
  evidence_as_of: Date;
  doc: string;
}

export interface ProgrammeRow {
  programme_id: string;
  code: string;
  rating: string | null;
  rating_step: number | null;
  reported: string | null;
  reported_step: number | null;
  optimism_gap: number | null;
  optimism_flagged: boolean;
  critical_flags: number;
  evidence_as_of: Date;
  doc: string;
}

export interface EvidenceState {
  period: string | null;
  version: string | null;
  refreshed_at: Date | null;
  start_month: number;
}

const PROJECT_COLUMNS = `project_id, programme_id, code, rating, rating_step, reported, reported_step, optimism_gap, optimism_flagged, critical_flags,
  kpis_off_track, over_budget, as_of::text AS as_of, evidence_as_of, doc::text AS doc`;
const PROGRAMME_COLUMNS = `programme_id, code, rating, rating_step, reported, reported_step, optimism_gap, optimism_flagged, critical_flags, evidence_as_of, doc::text AS doc`;

/** The organisation's period under review and read-model version (the ETag), with its financial-year start. */
export async function loadEvidenceState(tx: TenantTx): Promise<EvidenceState> {
  const [row] = await tx.query<EvidenceState>(
    `SELECT s.period, s.version::text AS version, s.refreshed_at, o.financial_year_start_month AS start_month
       FROM organisations o LEFT JOIN evidence_states s ON s.organisation_id = o.id WHERE o.id = $1`,
    [tx.organisationId],
  );
  return row;
}

/** The portfolio's read: the organisation's rows of the read model, one index range each, in programme and code order. */
export const PORTFOLIO_PROJECTS_SQL = `SELECT ${PROJECT_COLUMNS} FROM project_evidence
  WHERE organisation_id = $1 AND ($2::uuid IS NULL OR programme_id = $2::uuid) ORDER BY programme_id, code`;
export const PORTFOLIO_PROGRAMMES_SQL = `SELECT ${PROGRAMME_COLUMNS} FROM programme_evidence
  WHERE organisation_id = $1 AND ($2::uuid IS NULL OR programme_id = $2::uuid) ORDER BY code`;

export async function loadStoredRows(tx: TenantTx, programmeId: string | null): Promise<{ projects: ProjectRow[]; programmes: ProgrammeRow[] }> {
  const projects = await tx.query<ProjectRow>(PORTFOLIO_PROJECTS_SQL, [tx.organisationId, programmeId]);
  const programmes = await tx.query<ProgrammeRow>(PORTFOLIO_PROGRAMMES_SQL, [tx.organisationId, programmeId]);
  return { projects, programmes };
}

/** Another period's rows, computed on the spot as they stood at `asOf` (the period's last day, or today if sooner). */
export async function loadLiveRows(tx: TenantTx, period: string, asOf: string, programmeId: string | null): Promise<{ projects: ProjectRow[]; programmes: ProgrammeRow[] }> {
  const params = [tx.organisationId, asOf, null, period];
  const scoped = `WHERE $5::uuid IS NULL OR r.programme_id = $5::uuid`;
  const projects = await tx.query<ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM (${LIVE_PROJECT_ROWS_SQL}) r ${scoped} ORDER BY programme_id, code`, [...params, programmeId]);
  const programmes = await tx.query<ProgrammeRow>(`SELECT ${PROGRAMME_COLUMNS} FROM (${LIVE_PROGRAMME_ROWS_SQL}) r ${scoped} ORDER BY code`, [...params, programmeId]);
  return { projects, programmes };
}
