import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, FieldError, Page, PageQuery, pageSize, Problem, TenantTx, todayInLondon, toPage } from '@app/platform';
import { KpiKind, MEASUREMENT_SOURCES, MeasurementSource } from './kpi.enums';
import { MeasurementView, toMeasurementView } from './kpi.model';
import { AuditRow, findKpiIdByRef, findKpiWithLatest, findMeasurement, listMeasurements, lockOwnedKpis, MeasurementInput, upsertMeasurements, WrittenMeasurement } from './kpi.queries';
import { measurementDateProblem, valueProblem } from './kpi.rules';

export const MAX_BATCH_ITEMS = 1000;
export const MAX_NOTE_LENGTH = 2000;

export type ItemStatus = 'created' | 'updated' | 'unchanged' | 'invalid' | 'not_found' | 'forbidden';

/** Items' KPI ids the caller may not write, and why (decided for the whole batch by the permission check). */
export type RefusedKpis = ReadonlyMap<string, 'not_found' | 'forbidden'>;

export interface BatchItemResult {
  index: number;
  kpiId: string | null;
  date: string | null;
  status: ItemStatus;
  measurementId?: string;
  errors?: FieldError[];
}

export interface BatchResult {
  results: BatchItemResult[];
  summary: Record<ItemStatus, number>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ITEM_FIELDS = new Set(['kpiId', 'date', 'value', 'note', 'source']);

/** An item as the caller sent it; the batch validates each one itself so one bad item fails alone. */
type RawItem = Record<string, unknown>;

interface Parsed {
  index: number;
  input?: MeasurementInput;
  result?: BatchItemResult;
}

/** Checks one batch item's shape (everything that does not need the KPI). */
function parseItem(raw: unknown, index: number, defaultSource: MeasurementSource, today: string, fixedKpiId?: string): Parsed {
  const field = (name: string) => `items[${index}].${name}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const shape = fixedKpiId ? 'date and value' : 'kpiId, date and value';
    return { index, result: { index, kpiId: fixedKpiId ?? null, date: null, status: 'invalid', errors: [{ field: `items[${index}]`, message: `each item must be an object with ${shape}` }] } };
  }
  // Items addressed through one KPI (its path) carry no kpiId of their own.
  const item = (fixedKpiId ? { ...(raw as RawItem), kpiId: fixedKpiId } : raw) as RawItem;
  const errors: FieldError[] = [];
  for (const key of Object.keys(raw)) if (!ITEM_FIELDS.has(key) || (fixedKpiId && key === 'kpiId')) errors.push({ field: field(key), message: `${key} is not a known field; remove it` });
  if (typeof item.kpiId !== 'string' || !UUID.test(item.kpiId)) errors.push({ field: field('kpiId'), message: 'kpiId must be a UUID' });
  const dateProblem = measurementDateProblem(item.date, today);
  if (dateProblem) errors.push({ field: field('date'), message: `date ${dateProblem}` });
  if (typeof item.value !== 'number') errors.push({ field: field('value'), message: 'value must be a JSON number' });
  else {
    const problem = valueProblem('custom', item.value);
    if (problem) errors.push({ field: field('value'), message: `value ${problem}` });
  }
  if (item.note !== undefined && item.note !== null && (typeof item.note !== 'string' || item.note.length > MAX_NOTE_LENGTH)) {
    errors.push({ field: field('note'), message: `note must be text of at most ${MAX_NOTE_LENGTH} characters` });
  }
  if (item.source !== undefined && !MEASUREMENT_SOURCES.includes(item.source as MeasurementSource)) {
    errors.push({ field: field('source'), message: `source must be one of ${MEASUREMENT_SOURCES.join(', ')}` });
  }
  const kpiId = typeof item.kpiId === 'string' ? item.kpiId.toLowerCase() : null;
  const date = typeof item.date === 'string' ? item.date : null;
  if (errors.length) return { index, result: { index, kpiId, date, status: 'invalid', errors } };
  return {
    index,
    input: { kpiId: kpiId as string, date: date as string, value: item.value as number, source: (item.source as MeasurementSource | undefined) ?? defaultSource, note: (item.note as string | null | undefined) ?? null },
  };
}

const auditRowFor = (w: WrittenMeasurement): AuditRow => {
  const after = { kpiId: w.kpi_id, date: w.measured_on, value: Number(w.value), source: w.source, note: w.note };
  return w.existed
    ? { action: 'kpi_measurement.updated', entityType: 'kpi_measurement', entityId: w.id, before: { kpiId: w.kpi_id, date: w.measured_on, value: Number(w.before_value), source: w.before_source, note: w.before_note }, after }
    : { action: 'kpi_measurement.created', entityType: 'kpi_measurement', entityId: w.id, after };
};

/** Measurements: one value per KPI and date, upserted one at a time or in batches, every change audited. */
@Injectable()
export class MeasurementsService {
  constructor(private readonly db: Db) {}

  /** PUT /v1/kpis/{id}/measurements/{date}: 201 when created, 200 when updated or unchanged. */
  put(actor: Actor, kpiId: string, date: string, body: { value: number; note?: string | null; source?: MeasurementSource }): Promise<{ status: ItemStatus; measurement: MeasurementView }> {
    const dateProblem = measurementDateProblem(date);
    if (dateProblem) throw Problem.validation([{ field: 'date', message: `date ${dateProblem}` }]);
    return this.db.tenant(actor, async (tx) => {
      const [result] = await this.store(tx, [{ index: 0, input: { kpiId: kpiId.toLowerCase(), date, value: body.value, source: body.source ?? 'manual', note: body.note ?? null } }]);
      if (result.status === 'not_found') throw Problem.notFound('KPI');
      if (result.status === 'invalid') throw Problem.validation((result.errors ?? []).map((e) => ({ ...e, field: e.field.replace(/^items\[0\]\./, '') })));
      return { status: result.status, measurement: toMeasurementView((await findMeasurement(tx, kpiId, date))!) };
    });
  }

  /**
   * POST /v1/kpis/measurements/batch: one result per item, in order. Valid items are stored even
   * when others are not; the statements are set-based whatever the batch size (ownership check,
   * one upsert, one audit insert), and a retried batch changes nothing.
   */
  batch(actor: Actor, items: unknown[], refused: RefusedKpis = new Map()): Promise<BatchResult> {
    if (items.length > MAX_BATCH_ITEMS) throw Problem.validation([{ field: 'items', message: `items must hold at most ${MAX_BATCH_ITEMS} measurements; split the batch` }]);
    const today = todayInLondon();
    const parsed = items.map((raw, index) => parseItem(raw, index, 'integration', today));
    return this.db.tenant(actor, (tx) => this.storeAll(tx, parsed, refused));
  }

  private async storeAll(tx: TenantTx, parsed: Parsed[], refused?: RefusedKpis): Promise<BatchResult> {
    const results = await this.store(tx, parsed, refused);
    const summary: Record<ItemStatus, number> = { created: 0, updated: 0, unchanged: 0, invalid: 0, not_found: 0, forbidden: 0 };
    for (const r of results) summary[r.status]++;
    return { results, summary };
  }

  /**
   * POST /v1/kpis/by-ref/{source}/{externalId}/measurements: the batch above for one KPI named by
   * the integrating tool's own id (404 when no KPI visible to the caller has it).
   */
  batchByRef(actor: Actor, source: string, externalId: string, items: unknown[]): Promise<BatchResult> {
    if (items.length > MAX_BATCH_ITEMS) throw Problem.validation([{ field: 'items', message: `items must hold at most ${MAX_BATCH_ITEMS} measurements; split the batch` }]);
    const today = todayInLondon();
    return this.db.tenant(actor, async (tx) => {
      const kpiId = await findKpiIdByRef(tx, source, externalId);
      if (!kpiId) throw Problem.notFound('KPI');
      return this.storeAll(tx, items.map((raw, index) => parseItem(raw, index, 'integration', today, kpiId)));
    });
  }

  list(actor: Actor, kpiId: string, query: { from?: string; to?: string } & PageQuery): Promise<Page<MeasurementView>> {
    if (query.from && query.to && query.from > query.to) throw Problem.validation([{ field: 'from', message: 'from must not be after to' }]);
    const limit = pageSize(query);
    const before = Cursor.decode(query.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      if (!(await findKpiWithLatest(tx, kpiId, todayInLondon()))) throw Problem.notFound('KPI');
      const rows = await listMeasurements(tx, kpiId, query, before ? String(before[0]) : null, limit + 1);
      return toPage(rows, limit, (m) => [m.measured_on], toMeasurementView);
    });
  }

  /** The shared write path of PUT and batch. */
  private async store(tx: TenantTx, parsed: Parsed[], refused: RefusedKpis = new Map()): Promise<BatchItemResult[]> {
    const results: BatchItemResult[] = parsed.map((p) => p.result ?? { index: p.index, kpiId: p.input!.kpiId, date: p.input!.date, status: 'unchanged' });
    // A KPI the caller may not write is refused whatever else is wrong with the item.
    for (const result of results) {
      const why = result.kpiId ? refused.get(result.kpiId) : undefined;
      if (why === 'forbidden') Object.assign(result, { status: 'forbidden', errors: [{ field: `items[${result.index}].kpiId`, message: 'you may write measurements only for KPIs of a programme or project you are a member of' }] });
      if (why === 'not_found') Object.assign(result, { status: 'not_found', errors: [{ field: `items[${result.index}].kpiId`, message: 'no such KPI in this organisation' }] });
    }
    const candidates = parsed.filter((p) => p.input && !refused.has(p.input.kpiId));
    const kinds = new Map<string, KpiKind>();
    const derived = new Set<string>();
    if (candidates.length) {
      const ids = [...new Set(candidates.map((p) => p.input!.kpiId))];
      for (const row of await lockOwnedKpis(tx, ids)) {
        kinds.set(row.id, row.kind);
        if (row.derived) derived.add(row.id);
      }
    }
    const seen = new Map<string, number>();
    const toWrite: { index: number; input: MeasurementInput }[] = [];
    for (const p of candidates) {
      const input = p.input!;
      const result = results[p.index];
      const kind = kinds.get(input.kpiId);
      if (!kind) {
        Object.assign(result, { status: 'not_found', errors: [{ field: `items[${p.index}].kpiId`, message: 'no such KPI in this organisation' }] });
        continue;
      }
      if (derived.has(input.kpiId)) {
        Object.assign(result, { status: 'invalid', errors: [{ field: `items[${p.index}].kpiId`, message: 'this KPI is derived from the ledger (spend / transactions); write the transactions KPI instead' }] });
        continue;
      }
      const problem = valueProblem(kind, input.value);
      const key = `${input.kpiId}/${input.date}`;
      const duplicateOf = seen.get(key);
      if (problem || duplicateOf !== undefined) {
        const message = problem ? `value ${problem}` : `items[${duplicateOf}] already has this kpiId and date; send one value per KPI and date`;
        Object.assign(result, { status: 'invalid', errors: [{ field: `items[${p.index}].${problem ? 'value' : 'date'}`, message }] });
        continue;
      }
      seen.set(key, p.index);
      toWrite.push({ index: p.index, input });
    }
    if (toWrite.length) {
      const written = new Map((await upsertMeasurements(tx, toWrite.map((w) => w.input))).map((w) => [`${w.kpi_id}/${w.measured_on}`, w]));
      for (const { index, input } of toWrite) {
        const row = written.get(`${input.kpiId}/${input.date}`);
        if (row) Object.assign(results[index], { status: row.existed ? 'updated' : 'created', measurementId: row.id });
      }
      await tx.auditMany([...written.values()].map(auditRowFor));
    }
    return results;
  }
}
