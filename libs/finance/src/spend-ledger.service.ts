import { Injectable, Optional } from '@nestjs/common';
import { Actor, AppConfig, Db, FieldError, IdempotentResult, isUniqueViolation, Problem, runIdempotent, TenantTx } from '@app/platform';
import type { BudgetCategory, CostType, SpendKind } from './finance.enums';
import { financialYearOf } from './financial-year';
import { newSpendEntryId } from './spend-ids';
import { spendFingerprint } from './fingerprint';
import { fromPence, normaliseMoney, toPence } from './money';
import { supplierIdsByName } from './supplier.queries';
import { outsideWindowMessage, spendDateWindow } from './spend-date-window';
import { claimFingerprints, entriesByExternalId, fingerprintHolders, insertEntries, ownedProjectIds, PreparedEntry, startMonthOf } from './spend.queries';
import { SPEND_COLUMNS, SpendRow, SpendView, toSpendView } from './spend.views';

/** A spend entry as a caller sends it (already validated for shape at the edge). */
export interface NewSpend {
  projectId: string;
  spentOn: string;
  amount: string;
  currency?: string;
  category: BudgetCategory;
  costType: CostType;
  supplier: string;
  supplierIsSme?: boolean;
  reference?: string | null;
  description?: string | null;
  externalId?: string | null;
  /** payment (positive, the default), credit_note (negative) or journal (either sign, not zero). */
  kind?: SpendKind;
  /** The purchase order or contract this spend draws down. */
  orderNumber?: string | null;
  /** Record it even though the ledger already holds an entry with the same content (audited). */
  allowDuplicate?: boolean;
}

export type BatchItem = { ok: true; entry: NewSpend } | { ok: false; errors: FieldError[] };

export type ItemResult =
  | { index: number; result: 'created' | 'exists'; entry: SpendView }
  | { index: number; result: 'conflict'; detail: string; existingId: string }
  | { index: number; result: 'duplicate'; detail: string; existingId: string }
  | { index: number; result: 'invalid'; errors: FieldError[] }
  | { index: number; result: 'not_found'; detail: string }
  | { index: number; result: 'forbidden'; detail: string };

/** Items' project ids the caller may not write, and why (decided for the whole batch by the permission check). */
export type RefusedProjects = ReadonlyMap<string, 'not_found' | 'forbidden'>;

export type RecordedSpend = SpendView & { result: 'created' | 'exists' };

export interface BatchOutcome {
  created: number;
  exists: number;
  conflict: number;
  duplicate: number;
  invalid: number;
  notFound: number;
  forbidden: number;
  results: ItemResult[];
}

export const MAX_BATCH_ITEMS = 1000;
const REVERSAL_INDEX = 'uq_spend_entries_organisation_id_reverses_id';

/** Re-sending an external id is "exists" when it describes the same spend, "conflict" otherwise. */
const sameSpend = (row: SpendRow, entry: NewSpend): boolean => row.amount === normaliseMoney(entry.amount) && row.project_id === entry.projectId;

/**
 * The spend ledger: single entries, JSON batches and reversals, every one idempotent by key and by
 * external id, written set-based with the running totals in the same transaction.
 */
@Injectable()
export class SpendLedgerService {
  constructor(
    private readonly db: Db,
    @Optional() private readonly config?: AppConfig,
  ) {}

  /** POST /v1/spend: 201 created, 200 `exists` for a re-sent external id, 409 when it differs. */
  record(actor: Actor, key: string, entry: NewSpend): Promise<IdempotentResult<RecordedSpend>> {
    return this.db.tenant(actor, (tx) =>
      runIdempotent(tx, { key, route: 'POST /v1/spend', body: entry }, async () => {
        const outcome = await this.writeItems(tx, [{ ok: true, entry }], 'api');
        const item = outcome.results[0];
        if (item.result === 'not_found' || item.result === 'forbidden') throw Problem.notFound('project');
        if (item.result === 'conflict') throw Problem.conflict('external_id_conflict', item.detail, { existingId: item.existingId });
        if (item.result === 'duplicate') throw Problem.conflict('duplicate_entry', item.detail, { existingId: item.existingId });
        if (item.result === 'invalid') throw Problem.validation(item.errors);
        if (item.result === 'created') {
          await tx.audit({ action: entry.allowDuplicate ? 'spend.recorded_duplicate' : 'spend.recorded', entityType: 'spend_entry', entityId: item.entry.id, after: { ...item.entry, allowDuplicate: !!entry.allowDuplicate } });
        }
        return { status: item.result === 'created' ? 201 : 200, body: { ...item.entry, result: item.result } };
      }),
    );
  }

  /** POST /v1/spend/batch: one result per item, in order; valid items are stored, invalid ones reported. */
  recordBatch(actor: Actor, key: string, items: BatchItem[], body: unknown, refused: RefusedProjects = new Map()): Promise<IdempotentResult<BatchOutcome>> {
    return this.db.tenant(actor, (tx) =>
      runIdempotent(tx, { key, route: 'POST /v1/spend/batch', body }, async () => {
        const outcome = await this.writeItems(tx, items, 'batch', refused);
        if (outcome.created > 0) {
          const ids = outcome.results.flatMap((r) => (r.result === 'created' ? [r.entry.id] : []));
          const acceptedDuplicates = outcome.results.flatMap((r) => (r.result === 'created' && items[r.index].ok && (items[r.index] as { entry: NewSpend }).entry.allowDuplicate ? [r.entry.id] : []));
          await tx.audit({ action: 'spend.batch_recorded', entityType: 'spend_entry', entityId: null, after: { created: outcome.created, ids, acceptedDuplicates } });
        }
        return { status: 200, body: outcome };
      }),
    );
  }

  /** POST /v1/spend/{id}/reversal: a negative entry pointing at the original, dated and filed like it. */
  async reverse(actor: Actor, key: string, id: string, reason: string): Promise<IdempotentResult<SpendView>> {
    try {
      return await this.db.tenant(actor, (tx) =>
        runIdempotent(tx, { key, route: `POST /v1/spend/${id}/reversal`, body: { reason } }, async () => {
          const [original] = await tx.query<SpendRow>(`SELECT ${SPEND_COLUMNS} FROM spend_entries WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, id]);
          if (!original) throw Problem.notFound('spend entry');
          if (original.reverses_id) throw Problem.conflict('cannot_reverse_reversal', 'this entry is itself a reversal; record a new entry instead');
          const [existing] = await tx.query<{ id: string }>(`SELECT id FROM spend_entries WHERE organisation_id = $1 AND reverses_id = $2`, [tx.organisationId, id]);
          if (existing) throw alreadyReversed(existing.id);
          // The content may be recorded again once its entry is reversed: release its fingerprint.
          await tx.query(
            `DELETE FROM spend_fingerprints f USING spend_entries e WHERE e.organisation_id = $1 AND e.id = $2 AND f.organisation_id = $1 AND f.fingerprint = e.fingerprint AND f.entry_id = e.id`,
            [tx.organisationId, id],
          );
          const [row] = await insertEntries(
            tx,
            [
              {
                id: newSpendEntryId(),
                projectId: original.project_id,
                financialYear: original.financial_year,
                spentOn: original.spent_on,
                amount: fromPence(-toPence(original.amount)),
                currency: original.currency,
                category: original.category,
                costType: original.cost_type,
                supplier: original.supplier,
                supplierIsSme: original.supplier_is_sme,
                smeStated: original.sme_stated,
                supplierId: original.supplier_id,
                kind: original.kind,
                orderNumber: original.order_number,
                reference: original.reference,
                description: original.description,
                externalId: null,
                reversesId: original.id,
                reversalReason: reason,
                fingerprint: null,
              },
            ],
            'api',
          );
          const view = toSpendView(row);
          await tx.audit({ action: 'spend.reversed', entityType: 'spend_entry', entityId: original.id, before: toSpendView(original), after: view });
          return { status: 201, body: view };
        }),
      );
    } catch (error) {
      // Two reversals racing: the unique index lets one through.
      if (isUniqueViolation(error, REVERSAL_INDEX)) throw alreadyReversed(null);
      throw error;
    }
  }

  /**
   * Validates nothing (the edge did), checks ownership and external ids with one query each, then
   * writes every new entry in one statement. Items repeating an external id within the batch are
   * judged against the first.
   */
  private async writeItems(tx: TenantTx, items: BatchItem[], source: 'api' | 'batch', refused: RefusedProjects = new Map()): Promise<BatchOutcome> {
    const window = spendDateWindow(this.config);
    const outside = (item: BatchItem) => item.ok && (item.entry.spentOn < window.earliest || item.entry.spentOn > window.latest);
    items = items.map((item) => (outside(item) ? { ok: false, errors: [{ field: 'spentOn', message: outsideWindowMessage('spentOn', window) }] } : item));
    items = items.map((item) => {
      const wrong = item.ok ? signError(item.entry) : null;
      return wrong ? { ok: false, errors: [{ field: 'amount', message: wrong }] } : item;
    });
    const valid = items.flatMap((item, index) => (item.ok ? [{ index, entry: item.entry }] : []));
    const startMonth = await startMonthOf(tx);
    const owned = await ownedProjectIds(tx, valid.map((v) => v.entry.projectId));
    const external = valid.flatMap((v) => (v.entry.externalId ? [v.entry.externalId] : []));
    const existing = await entriesByExternalId(tx, external);
    const suppliers = await supplierIdsByName(tx, valid.map((v) => v.entry.supplier));

    const results: ItemResult[] = new Array(items.length);
    const toInsert: { index: number; entry: NewSpend; prepared: PreparedEntry }[] = [];
    const firstInBatch = new Map<string, number>();
    const repeats: { index: number; entry: NewSpend }[] = [];
    items.forEach((item, index) => {
      if (!item.ok) results[index] = { index, result: 'invalid', errors: item.errors };
    });
    for (const { index, entry } of valid) {
      if (refused.get(entry.projectId) === 'forbidden') {
        results[index] = { index, result: 'forbidden', detail: 'you may record spend only on a project you are allowed to change' };
        continue;
      }
      if (!owned.has(entry.projectId) || refused.has(entry.projectId)) {
        results[index] = { index, result: 'not_found', detail: 'project was not found' };
        continue;
      }
      const externalId = entry.externalId ?? null;
      if (externalId) {
        const stored = existing.get(externalId);
        if (stored) {
          results[index] = classify(index, stored, entry);
          continue;
        }
        if (firstInBatch.has(externalId)) {
          repeats.push({ index, entry });
          continue;
        }
        firstInBatch.set(externalId, index);
      }
      toInsert.push({ index, entry, prepared: prepare(entry, startMonth, suppliers.get(entry.supplier) ?? null) });
    }

    // Content already in the ledger (or earlier in this call) is a duplicate unless the item allows it.
    const claimed = await claimFingerprints(tx, toInsert.map((t) => ({ id: t.prepared.id, fingerprint: t.prepared.fingerprint as Buffer })));
    const unclaimed = toInsert.filter((t) => !claimed.has(t.prepared.id) && !t.entry.allowDuplicate);
    const holders = await fingerprintHolders(tx, unclaimed.map((t) => t.prepared.fingerprint as Buffer));
    for (const { index, prepared } of unclaimed) {
      const existingId = holders.get((prepared.fingerprint as Buffer).toString('hex')) as string;
      results[index] = { index, result: 'duplicate', existingId, detail: `entry ${existingId} already records this spend (same date, amount, supplier, reference and description); send a distinguishing reference, or allowDuplicate: true if it is a separate payment` };
    }
    const writing = toInsert.filter((t) => claimed.has(t.prepared.id) || t.entry.allowDuplicate);
    const inserted = await insertEntries(tx, writing.map((t) => t.prepared), source);
    const byId = new Map(inserted.map((r) => [r.id, r]));
    // Anything missing lost a race on its external id to a concurrent writer: judge it against the winner.
    const lost = writing.filter((t) => !byId.has(t.prepared.id));
    if (lost.length) await tx.query(`DELETE FROM spend_fingerprints WHERE organisation_id = $1 AND entry_id = ANY($2::uuid[])`, [tx.organisationId, lost.map((t) => t.prepared.id)]);
    const winners = await entriesByExternalId(tx, lost.map((t) => t.entry.externalId as string));
    for (const { index, entry, prepared } of writing) {
      const row = byId.get(prepared.id);
      results[index] = row ? { index, result: 'created', entry: toSpendView(row) } : classify(index, winners.get(entry.externalId as string) as SpendRow, entry);
    }
    const byExternalId = new Map(inserted.flatMap((r) => (r.external_id ? [[r.external_id, r] as const] : [])));
    for (const { index, entry } of repeats) {
      const externalId = entry.externalId as string;
      results[index] = classify(index, (byExternalId.get(externalId) ?? winners.get(externalId)) as SpendRow, entry);
    }

    const count = (r: ItemResult['result']) => results.filter((x) => x.result === r).length;
    return { created: count('created'), exists: count('exists'), conflict: count('conflict'), duplicate: count('duplicate'), invalid: count('invalid'), notFound: count('not_found'), forbidden: count('forbidden'), results };
  }
}

/** A payment is positive, a credit note negative, a journal either but not zero; a mistake is corrected by reversal. */
function signError(entry: NewSpend): string | null {
  const kind = entry.kind ?? 'payment';
  const negative = entry.amount.startsWith('-');
  if (!/[1-9]/.test(entry.amount)) return 'amount must not be zero';
  if (kind === 'payment' && negative) return 'a payment must be positive; send a credit note (kind "credit_note") or journal with a negative amount, or reverse a mistaken entry';
  if (kind === 'credit_note' && !negative) return 'a credit note reduces spend: send its amount as a negative number, e.g. "-250.00"';
  return null;
}

function prepare(entry: NewSpend, startMonth: number, supplierId: string | null): PreparedEntry {
  const amount = normaliseMoney(entry.amount);
  return {
    fingerprint: spendFingerprint(entry.spentOn, amount, entry.supplier, entry.reference, entry.description),
    id: newSpendEntryId(),
    projectId: entry.projectId,
    financialYear: financialYearOf(entry.spentOn, startMonth),
    spentOn: entry.spentOn,
    amount,
    currency: entry.currency ?? 'GBP',
    category: entry.category,
    costType: entry.costType,
    supplier: entry.supplier,
    supplierIsSme: entry.supplierIsSme ?? false,
    smeStated: entry.supplierIsSme !== undefined && entry.supplierIsSme !== null,
    supplierId,
    kind: entry.kind ?? 'payment',
    orderNumber: entry.orderNumber ?? null,
    reference: entry.reference ?? null,
    description: entry.description ?? null,
    externalId: entry.externalId ?? null,
    reversesId: null,
    reversalReason: null,
  };
}

function classify(index: number, stored: SpendRow, entry: NewSpend): ItemResult {
  if (sameSpend(stored, entry)) return { index, result: 'exists', entry: toSpendView(stored) };
  return {
    index,
    result: 'conflict',
    detail: `externalId ${entry.externalId} is already recorded as entry ${stored.id} with amount ${stored.amount} on project ${stored.project_id}; entries are never updated, reverse it instead`,
    existingId: stored.id,
  };
}

function alreadyReversed(reversalId: string | null): Problem {
  return Problem.conflict('already_reversed', 'this entry has already been reversed', reversalId ? { reversalId } : {});
}
