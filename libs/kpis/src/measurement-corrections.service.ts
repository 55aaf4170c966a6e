import { Injectable } from '@nestjs/common';
import { Actor, assertVersion, Db, Problem, TenantTx, todayInLondon } from '@app/platform';
import type { KpiKind } from './kpi.enums';
import { MeasurementView, toMeasurementView } from './kpi.model';
import { findKpiWithLatest, findMeasurement } from './kpi.queries';
import { valueProblem } from './kpi.rules';
import { MAX_NOTE_LENGTH } from './measurements.service';
import { correctMeasurementRow, deleteMeasurementRow, keepMeasurementVersion, listMeasurementVersions, lockMeasurement, MeasurementForChange, MeasurementVersionRow } from './measurement-versions.queries';

export const MAX_REASON_LENGTH = 2000;

export interface MeasurementVersionView {
  measurementId: string;
  version: number;
  value: number;
  source: string;
  note: string | null;
  recordedAt: string;
  change: 'corrected' | 'withdrawn';
  reason: string;
  changedBy: { name: string; personId: string | null };
  changedAt: string;
}

export interface MeasurementHistory {
  kpiId: string;
  date: string;
  /** The measurement as it stands, or null when it was withdrawn (or never recorded). */
  current: MeasurementView | null;
  /** Earlier versions, newest first. */
  versions: MeasurementVersionView[];
}

const toVersionView = (v: MeasurementVersionRow): MeasurementVersionView => ({
  measurementId: v.measurement_id,
  version: v.version,
  value: Number(v.value),
  source: v.source,
  note: v.note,
  recordedAt: v.recorded_at.toISOString(),
  change: v.change,
  reason: v.reason,
  changedBy: { name: v.changed_by, personId: v.changed_by_person_id },
  changedAt: v.changed_at.toISOString(),
});

const auditView = (m: { kpi_id: string; measured_on: string; value: string; source: string; note: string | null; version: number }) => ({
  kpiId: m.kpi_id,
  date: m.measured_on,
  value: Number(m.value),
  source: m.source,
  note: m.note,
  version: m.version,
});

export function reasonProblem(reason: unknown): string | null {
  if (typeof reason !== 'string' || reason.trim() === '') return 'reason is required: say why the record is being changed';
  if (reason.length > MAX_REASON_LENGTH) return `reason must be at most ${MAX_REASON_LENGTH} characters`;
  return null;
}

/**
 * Corrections that keep history: a measurement is corrected or withdrawn with a reason, the
 * earlier version is kept in kpi_measurement_versions, and the change is audited with the person.
 * The live row changes (or goes), so the KPI's latest value, status, scans and evidence follow.
 */
@Injectable()
export class MeasurementCorrectionsService {
  constructor(private readonly db: Db) {}

  correct(actor: Actor, kpiId: string, date: string, expectedVersion: number, input: { value: number; note?: string | null; reason: string }): Promise<MeasurementView> {
    const why = reasonProblem(input.reason);
    if (why) throw Problem.validation([{ field: 'reason', message: why }]);
    return this.db.tenant(actor, async (tx) => {
      const m = await this.lock(tx, kpiId, date, expectedVersion);
      const problem = valueProblem(m.kind as KpiKind, input.value);
      if (problem) throw Problem.validation([{ field: 'value', message: `value ${problem}` }]);
      const note = input.note === undefined ? m.note : input.note;
      if (note !== null && note.length > MAX_NOTE_LENGTH) throw Problem.validation([{ field: 'note', message: `note must be at most ${MAX_NOTE_LENGTH} characters` }]);
      await keepMeasurementVersion(tx, m, 'corrected', input.reason.trim());
      await correctMeasurementRow(tx, m.id, input.value, note);
      const after = (await findMeasurement(tx, kpiId, date))!;
      await tx.audit({ action: 'kpi_measurement.corrected', entityType: 'kpi_measurement', entityId: m.id, before: auditView(m), after: { ...auditView(after), reason: input.reason.trim() } });
      return toMeasurementView(after);
    });
  }

  withdraw(actor: Actor, kpiId: string, date: string, expectedVersion: number, reason: string): Promise<MeasurementHistory> {
    const why = reasonProblem(reason);
    if (why) throw Problem.validation([{ field: 'reason', message: why }]);
    return this.db.tenant(actor, async (tx) => {
      const m = await this.lock(tx, kpiId, date, expectedVersion);
      await keepMeasurementVersion(tx, m, 'withdrawn', reason.trim());
      await deleteMeasurementRow(tx, m.id);
      await tx.audit({ action: 'kpi_measurement.withdrawn', entityType: 'kpi_measurement', entityId: m.id, before: auditView(m), after: { withdrawn: true, reason: reason.trim() } });
      return this.historyIn(tx, kpiId, date);
    });
  }

  history(actor: Actor, kpiId: string, date: string): Promise<MeasurementHistory> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await findKpiWithLatest(tx, kpiId, todayInLondon()))) throw Problem.notFound('KPI');
      return this.historyIn(tx, kpiId, date);
    });
  }

  private async historyIn(tx: TenantTx, kpiId: string, date: string): Promise<MeasurementHistory> {
    const current = await findMeasurement(tx, kpiId, date);
    const versions = await listMeasurementVersions(tx, kpiId, date);
    return { kpiId, date, current: current ? toMeasurementView(current) : null, versions: versions.map(toVersionView) };
  }

  /** The measurement to change: 404 for none (or another organisation's), 400 for a derived KPI's, 412 when stale. */
  private async lock(tx: TenantTx, kpiId: string, date: string, expectedVersion: number): Promise<MeasurementForChange> {
    const m = await lockMeasurement(tx, kpiId, date);
    if (!m) throw Problem.notFound('measurement');
    if (m.derived) throw Problem.validation([{ field: 'kpiId', message: 'this KPI is derived from the ledger (spend / transactions); correct the transactions KPI or the spend instead' }]);
    assertVersion(expectedVersion, m.version);
    return m;
  }
}
