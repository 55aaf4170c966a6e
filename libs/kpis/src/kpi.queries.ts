import type { AuditInput, TenantTx } from '@app/platform';
import type { KpiKind, KpiStatus, MeasurementSource } from './kpi.enums';
import type { KpiRow, MeasurementRow } from './kpi.model';

/**
 * The kpis area's SQL, in one place. Every statement binds the organisation as $1. KPIs are always
 * read with their latest measurement on or before a date ($2): one LATERAL probe per KPI down the
 * (organisation_id, kpi_id, measured_on) unique index, so a whole organisation is one query.
 */
const KPIS_WITH_LATEST = `
  SELECT k.id, k.project_id, p.programme_id, k.name, k.kind, k.unit, k.direction,
         k.baseline_value::text AS baseline_value, to_char(k.baseline_date, 'YYYY-MM-DD') AS baseline_date,
         k.target_value::text AS target_value, to_char(k.target_date, 'YYYY-MM-DD') AS target_date,
         k.tolerance_pct::text AS tolerance_pct, k.frequency, k.owner, k.data_source, k.description, k.status, k.external_source, k.external_id,
         k.version, k.created_at, k.updated_at,
         to_char(m.measured_on, 'YYYY-MM-DD') AS latest_date, m.value::text AS latest_value
    FROM kpis k
    JOIN projects p ON p.organisation_id = k.organisation_id AND p.id = k.project_id
    LEFT JOIN LATERAL (
      SELECT lm.measured_on, lm.value
        FROM kpi_measurements lm
       WHERE lm.organisation_id = k.organisation_id AND lm.kpi_id = k.id AND lm.measured_on <= $2::date
       ORDER BY lm.measured_on DESC
       LIMIT 1) m ON true
   WHERE k.organisation_id = $1`;

export async function findKpiWithLatest(tx: TenantTx, id: string, asOf: string): Promise<KpiRow | null> {
  const rows = await tx.query<KpiRow>(`${KPIS_WITH_LATEST} AND k.id = $3`, [tx.organisationId, asOf, id]);
  return rows[0] ?? null;
}

export interface KpiListFilter {
  projectId?: string;
  programmeId?: string;
  kind?: KpiKind;
  lifecycle?: KpiStatus;
}

/** One keyset page of KPIs in creation order (millisecond precision, as the cursor carries it). */
export function listKpisWithLatest(tx: TenantTx, asOf: string, filter: KpiListFilter, after: [string, string] | null, limit: number): Promise<KpiRow[]> {
  return tx.query<KpiRow>(
    `${KPIS_WITH_LATEST}
       AND ($3::uuid IS NULL OR k.project_id = $3::uuid)
       AND ($4::uuid IS NULL OR p.programme_id = $4::uuid)
       AND ($5::text IS NULL OR k.kind = $5::text)
       AND ($6::text IS NULL OR k.status = $6::text)
       AND ($7::timestamptz IS NULL OR (date_trunc('milliseconds', k.created_at), k.id) > ($7::timestamptz, $8::uuid))
     ORDER BY date_trunc('milliseconds', k.created_at), k.id
     LIMIT $9`,
    [tx.organisationId, asOf, filter.projectId ?? null, filter.programmeId ?? null, filter.kind ?? null, filter.lifecycle ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
  );
}

/** Every active KPI of the organisation (optionally of some projects or programmes), for the roll-up. */
export function activeKpisWithLatest(tx: TenantTx, asOf: string, filter: { projectIds?: string[]; programmeIds?: string[] }): Promise<KpiRow[]> {
  return tx.query<KpiRow>(
    `${KPIS_WITH_LATEST}
       AND k.status = 'active'
       AND ($3::uuid[] IS NULL OR k.project_id = ANY($3::uuid[]))
       AND ($4::uuid[] IS NULL OR p.programme_id = ANY($4::uuid[]))`,
    [tx.organisationId, asOf, filter.projectIds ?? null, filter.programmeIds ?? null],
  );
}


export async function findProject(tx: TenantTx, projectId: string): Promise<{ id: string; programme_id: string } | null> {
  const rows = await tx.query<{ id: string; programme_id: string }>(`SELECT id, programme_id FROM projects WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, projectId]);
  return rows[0] ?? null;
}

export function projectsOfProgramme(tx: TenantTx, programmeId: string): Promise<{ id: string; code: string; name: string }[]> {
  return tx.query(`SELECT id, code, name FROM projects WHERE organisation_id = $1 AND programme_id = $2 ORDER BY code, id`, [tx.organisationId, programmeId]);
}

export async function programmeExists(tx: TenantTx, programmeId: string): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM programmes WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, programmeId]);
  return rows.length > 0;
}

/**
 * Checks which of these KPI ids belong to the organisation, in one query, and locks them (in id
 * order, so two writers cannot deadlock) until the transaction ends: measurement writes to a KPI are
 * serialised, so the "before" each audit row records is the value actually replaced.
 */
/** The caller's KPIs among `ids`, locked, with whether each is derived (its values are computed, not written). */
export function lockOwnedKpis(tx: TenantTx, ids: string[]): Promise<{ id: string; kind: KpiKind; derived: boolean }[]> {
  return tx.query(
    `SELECT k.id, k.kind, EXISTS (SELECT 1 FROM kpi_derivations d WHERE d.organisation_id = k.organisation_id AND d.kpi_id = k.id) AS derived
       FROM kpis k WHERE k.organisation_id = $1 AND k.id = ANY($2::uuid[]) ORDER BY k.id FOR NO KEY UPDATE OF k`,
    [tx.organisationId, ids],
  );
}

export interface MeasurementInput {
  kpiId: string;
  date: string;
  value: number;
  source: MeasurementSource;
  note: string | null;
}

export interface WrittenMeasurement extends MeasurementRow {
  existed: boolean;
  before_value: string | null;
  before_source: MeasurementSource | null;
  before_note: string | null;
}

/**
 * Upserts all the measurements in one statement. A row whose value, source and note are all the
 * same is left alone (and so not returned): retrying a batch changes nothing. Returns the rows
 * created or changed, each with what it replaced.
 */
export function upsertMeasurements(tx: TenantTx, items: MeasurementInput[]): Promise<WrittenMeasurement[]> {
  return tx.query<WrittenMeasurement>(
    `WITH input AS (
       SELECT * FROM unnest($2::uuid[], $3::date[], $4::numeric[], $5::text[], $6::text[]) AS i(kpi_id, measured_on, value, source, note)
     ),
     previous AS (
       SELECT m.kpi_id, m.measured_on, m.value, m.source, m.note
         FROM kpi_measurements m JOIN input i ON i.kpi_id = m.kpi_id AND i.measured_on = m.measured_on
        WHERE m.organisation_id = $1
     ),
     written AS (
       INSERT INTO kpi_measurements AS m (organisation_id, kpi_id, measured_on, value, source, note)
       SELECT $1, kpi_id, measured_on, value, source, note FROM input
       ON CONFLICT (organisation_id, kpi_id, measured_on) DO UPDATE
          SET value = EXCLUDED.value, source = EXCLUDED.source, note = EXCLUDED.note, version = m.version + 1, updated_at = now()
        WHERE (m.value, m.source, m.note) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.source, EXCLUDED.note)
       RETURNING m.id, m.kpi_id, m.measured_on, m.value, m.source, m.note, m.version, m.created_at, m.updated_at
     )
     SELECT w.id, w.kpi_id, to_char(w.measured_on, 'YYYY-MM-DD') AS measured_on, w.value::text AS value, w.source, w.note, w.version,
            w.created_at, w.updated_at, p.kpi_id IS NOT NULL AS existed,
            p.value::text AS before_value, p.source AS before_source, p.note AS before_note
       FROM written w LEFT JOIN previous p ON p.kpi_id = w.kpi_id AND p.measured_on = w.measured_on`,
    [tx.organisationId, items.map((i) => i.kpiId), items.map((i) => i.date), items.map((i) => String(i.value)), items.map((i) => i.source), items.map((i) => i.note)],
  );
}

const MEASUREMENT_COLUMNS = `id, kpi_id, to_char(measured_on, 'YYYY-MM-DD') AS measured_on, value::text AS value, source, note, version, created_at, updated_at`;

export async function findMeasurement(tx: TenantTx, kpiId: string, date: string): Promise<MeasurementRow | null> {
  const rows = await tx.query<MeasurementRow>(`SELECT ${MEASUREMENT_COLUMNS} FROM kpi_measurements WHERE organisation_id = $1 AND kpi_id = $2 AND measured_on = $3`, [
    tx.organisationId,
    kpiId,
    date,
  ]);
  return rows[0] ?? null;
}

/** A KPI's history, newest first, keyed on the date (unique per KPI). */
export function listMeasurements(tx: TenantTx, kpiId: string, range: { from?: string; to?: string }, before: string | null, limit: number): Promise<MeasurementRow[]> {
  return tx.query<MeasurementRow>(
    `SELECT ${MEASUREMENT_COLUMNS}
       FROM kpi_measurements
      WHERE organisation_id = $1 AND kpi_id = $2
        AND ($3::date IS NULL OR measured_on >= $3::date)
        AND ($4::date IS NULL OR measured_on <= $4::date)
        AND ($5::date IS NULL OR measured_on < $5::date)
      ORDER BY measured_on DESC
      LIMIT $6`,
    [tx.organisationId, kpiId, range.from ?? null, range.to ?? null, before, limit],
  );
}

export type AuditRow = AuditInput & { entityId: string };

/** A KPI's id by the integrating tool's own reference. */
export async function findKpiIdByRef(tx: TenantTx, source: string, externalId: string): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(`SELECT id FROM kpis WHERE organisation_id = $1 AND external_source = $2 AND external_id = $3`, [tx.organisationId, source, externalId]);
  return rows[0]?.id ?? null;
}
