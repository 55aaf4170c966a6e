import type { TenantTx } from '@app/platform';
import type { MeasurementRow } from './kpi.model';

export interface MeasurementForChange extends MeasurementRow {
  kind: string;
  derived: boolean;
}

/** The live measurement of a KPI on a date, locked for a correction, with its KPI's kind. */
export async function lockMeasurement(tx: TenantTx, kpiId: string, date: string): Promise<MeasurementForChange | null> {
  const rows = await tx.query<MeasurementForChange>(
    `SELECT m.id, m.kpi_id, to_char(m.measured_on, 'YYYY-MM-DD') AS measured_on, m.value::text AS value, m.source, m.note, m.version, m.created_at, m.updated_at,
            k.kind, EXISTS (SELECT 1 FROM kpi_derivations d WHERE d.organisation_id = k.organisation_id AND d.kpi_id = k.id) AS derived
       FROM kpi_measurements m JOIN kpis k ON k.organisation_id = m.organisation_id AND k.id = m.kpi_id
      WHERE m.organisation_id = $1 AND m.kpi_id = $2 AND m.measured_on = $3
        FOR NO KEY UPDATE OF m`,
    [tx.organisationId, kpiId, date],
  );
  return rows[0] ?? null;
}

/** Keeps the measurement as it is now, before it is corrected or withdrawn. */
export async function keepMeasurementVersion(tx: TenantTx, m: MeasurementRow, change: 'corrected' | 'withdrawn', reason: string): Promise<void> {
  await tx.query(
    `INSERT INTO kpi_measurement_versions (organisation_id, measurement_id, kpi_id, measured_on, version, value, source, note, recorded_at, change, reason, changed_by, changed_by_person_id)
     VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, $8, $9, $10, $11, $12, $13)`,
    [tx.organisationId, m.id, m.kpi_id, m.measured_on, m.version, m.value, m.source, m.note, m.updated_at, change, reason, tx.actor.name, tx.actor.personId ?? null],
  );
}

export async function correctMeasurementRow(tx: TenantTx, id: string, value: number, note: string | null): Promise<void> {
  await tx.query(`UPDATE kpi_measurements SET value = $3::numeric, note = $4, version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2`, [
    tx.organisationId,
    id,
    String(value),
    note,
  ]);
}

export async function deleteMeasurementRow(tx: TenantTx, id: string): Promise<void> {
  await tx.query(`DELETE FROM kpi_measurements WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, id]);
}

export interface MeasurementVersionRow {
  measurement_id: string;
  version: number;
  value: string;
  source: string;
  note: string | null;
  recorded_at: Date;
  change: 'corrected' | 'withdrawn';
  reason: string;
  changed_by: string;
  changed_by_person_id: string | null;
  changed_at: Date;
}

/** Every earlier version of a KPI's measurements on a date, newest first. */
export function listMeasurementVersions(tx: TenantTx, kpiId: string, date: string): Promise<MeasurementVersionRow[]> {
  return tx.query<MeasurementVersionRow>(
    `SELECT measurement_id, version, value::text AS value, source, note, recorded_at, change, reason, changed_by, changed_by_person_id, changed_at
       FROM kpi_measurement_versions
      WHERE organisation_id = $1 AND kpi_id = $2 AND measured_on = $3
      ORDER BY changed_at DESC, version DESC`,
    [tx.organisationId, kpiId, date],
  );
}
