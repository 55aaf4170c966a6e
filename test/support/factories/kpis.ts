import { Pool } from 'pg';

export const isoDaysAgo = (days: number, from: Date = new Date()): string => new Date(from.getTime() - days * 86_400_000).toISOString().slice(0, 10);

export interface KpiRowOverrides {
  name?: string;
  kind?: string;
  unit?: string | null;
  direction?: 'increase' | 'decrease';
  baselineValue?: number | null;
  baselineDate?: string | null;
  targetValue?: number | null;
  targetDate?: string | null;
  tolerancePct?: number;
  frequency?: 'monthly' | 'quarterly';
  status?: 'active' | 'retired';
}

/**
 * Arranges a KPI directly in SQL (owner connection). By default a measurable "increase" KPI from 0
 * to 100 over 200 days ago -> 200 days ahead, so today's expected progress is 50%.
 */
// Lists are in creation order to the millisecond; KPIs arranged back to back must not tie.
let lastCreated = 0;

export async function insertKpi(db: Pool, organisationId: string, projectId: string, o: KpiRowOverrides = {}): Promise<{ id: string }> {
  lastCreated = Math.max(Date.now(), lastCreated + 1);
  const { rows } = await db.query(
    `INSERT INTO kpis (organisation_id, project_id, name, kind, unit, direction, baseline_value, baseline_date, target_value, target_date, tolerance_pct, frequency, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      organisationId,
      projectId,
      o.name ?? 'Test KPI',
      o.kind ?? 'custom',
      o.unit === undefined ? 'points' : o.unit,
      o.direction ?? 'increase',
      o.baselineValue === undefined ? 0 : o.baselineValue,
      o.baselineDate === undefined ? isoDaysAgo(200) : o.baselineDate,
      o.targetValue === undefined ? 100 : o.targetValue,
      o.targetDate === undefined ? isoDaysAgo(-200) : o.targetDate,
      o.tolerancePct ?? 5,
      o.frequency ?? 'monthly',
      o.status ?? 'active',
      new Date(lastCreated),
    ],
  );
  return rows[0];
}

/** Arranges measurements directly in SQL. */
export async function insertMeasurements(db: Pool, organisationId: string, kpiId: string, readings: { date: string; value: number }[]): Promise<void> {
  await db.query(
    `INSERT INTO kpi_measurements (organisation_id, kpi_id, measured_on, value)
     SELECT $1, $2, d, v FROM unnest($3::date[], $4::numeric[]) AS r(d, v)`,
    [organisationId, kpiId, readings.map((r) => r.date), readings.map((r) => r.value)],
  );
}
