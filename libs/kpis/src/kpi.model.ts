import { evaluateKpi, Evaluation, KpiDefinition, LatestMeasurement, missingForMeasurable } from './evaluation';
import type { Direction, Frequency, KpiKind, KpiStatus, MeasurementSource } from './kpi.enums';
import { templateFor } from './kpi-templates';

/** A KPI as the services use it: values as numbers, dates as YYYY-MM-DD. */
export interface Kpi extends KpiDefinition {
  id: string;
  projectId: string;
  programmeId: string;
  kind: KpiKind;
  owner: string | null;
  dataSource: string | null;
  description: string | null;
  status: KpiStatus;
  /** The integrating tool's own reference, when a sync created it by one. */
  externalRef: { source: string; id: string } | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns every KPI query selects (see kpi.queries.ts), as PostgreSQL returns them. */
export interface KpiRow {
  id: string;
  project_id: string;
  programme_id: string;
  name: string;
  kind: KpiKind;
  unit: string | null;
  direction: Direction;
  baseline_value: string | null;
  baseline_date: string | null;
  target_value: string | null;
  target_date: string | null;
  tolerance_pct: string;
  frequency: Frequency;
  owner: string | null;
  data_source: string | null;
  description: string | null;
  status: KpiStatus;
  external_source: string | null;
  external_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  latest_date: string | null;
  latest_value: string | null;
}

// KPI values are measurements, stored as numeric and served as JSON numbers.
const num = (text: string | null): number | null => (text === null ? null : Number(text));

export function kpiFromRow(row: KpiRow): { kpi: Kpi; latest: LatestMeasurement | null } {
  const kpi: Kpi = {
    id: row.id,
    projectId: row.project_id,
    programmeId: row.programme_id,
    name: row.name,
    kind: row.kind,
    unit: row.unit,
    direction: row.direction,
    baselineValue: num(row.baseline_value),
    baselineDate: row.baseline_date,
    targetValue: num(row.target_value),
    targetDate: row.target_date,
    tolerancePct: Number(row.tolerance_pct),
    frequency: row.frequency,
    owner: row.owner,
    dataSource: row.data_source,
    description: row.description,
    status: row.status,
    externalRef: row.external_source && row.external_id ? { source: row.external_source, id: row.external_id } : null,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    trackedSince: row.created_at.toISOString().slice(0, 10),
  };
  const latest = row.latest_date === null ? null : { date: row.latest_date, value: Number(row.latest_value) };
  return { kpi, latest };
}

export interface KpiView {
  id: string;
  projectId: string;
  programmeId: string;
  name: string;
  kind: KpiKind;
  /** The GOV.UK Service Manual definition for the four standard kinds; null for custom KPIs. */
  definition: string | null;
  unit: string | null;
  direction: Direction;
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number | null;
  targetDate: string | null;
  tolerancePct: number;
  frequency: Frequency;
  owner: string | null;
  dataSource: string | null;
  description: string | null;
  status: KpiStatus;
  measurable: boolean;
  missing: string[];
  evaluation: Evaluation;
  externalRef: { source: string; id: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The fields of a KPI an audit row records (the definition, not its evaluation). */
export const kpiAuditView = (k: Kpi) => ({
  projectId: k.projectId,
  name: k.name,
  kind: k.kind,
  unit: k.unit,
  direction: k.direction,
  baselineValue: k.baselineValue,
  baselineDate: k.baselineDate,
  targetValue: k.targetValue,
  targetDate: k.targetDate,
  tolerancePct: k.tolerancePct,
  frequency: k.frequency,
  owner: k.owner,
  dataSource: k.dataSource,
  description: k.description,
  status: k.status,
});

export function toKpiView(kpi: Kpi, latest: LatestMeasurement | null, asOf: Date): KpiView {
  const missing = missingForMeasurable(kpi);
  return {
    id: kpi.id,
    ...kpiAuditView(kpi),
    programmeId: kpi.programmeId,
    definition: templateFor(kpi.kind)?.definition ?? null,
    measurable: missing.length === 0,
    missing,
    evaluation: evaluateKpi(kpi, latest, asOf),
    externalRef: kpi.externalRef,
    version: kpi.version,
    createdAt: kpi.createdAt.toISOString(),
    updatedAt: kpi.updatedAt.toISOString(),
  };
}

export interface MeasurementRow {
  id: string;
  kpi_id: string;
  measured_on: string;
  value: string;
  /** How it was recorded; `derived` ones are computed from the ledger (cost per transaction) and cannot be sent. */
  source: MeasurementSource | 'derived';
  note: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface MeasurementView {
  id: string;
  kpiId: string;
  date: string;
  value: number;
  /** How it was recorded; `derived` ones are computed from the ledger (cost per transaction) and cannot be sent. */
  source: MeasurementSource | 'derived';
  note: string | null;
  /** The ETag a correction or withdrawal sends back as If-Match. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const toMeasurementView = (m: MeasurementRow): MeasurementView => ({
  id: m.id,
  kpiId: m.kpi_id,
  date: m.measured_on,
  value: Number(m.value),
  source: m.source,
  note: m.note,
  version: m.version,
  createdAt: m.created_at.toISOString(),
  updatedAt: m.updated_at.toISOString(),
});
