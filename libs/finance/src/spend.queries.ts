import { TenantTx } from '@app/platform';
import type { SpendSource } from './finance.enums';
import { SPEND_COLUMNS, SpendRow, SpendView } from './spend.views';

/** The tail of every `INSERT INTO spend_totals AS t`: a running total moves by the increment inserted. */
export const ADD_TO_SPEND_TOTALS = `ON CONFLICT (organisation_id, project_id, financial_year, category)
       DO UPDATE SET total = t.total + EXCLUDED.total, sme_total = t.sme_total + EXCLUDED.sme_total, entry_count = t.entry_count + EXCLUDED.entry_count, updated_at = now()`;

/** An entry ready to write: validated, with its financial year, id and fingerprint decided (what the ledger stores but the caller does not choose is left out). */
export type PreparedEntry = Omit<SpendView, 'importId' | 'source' | 'createdAt' | 'supplierIsSme'> & { fingerprint: Buffer | null; supplierIsSme: boolean; smeStated: boolean };

/**
 * Claims fingerprints for entries about to be written: one row each in spend_fingerprints, unless
 * the organisation already holds it (or an earlier item of the same call claimed it). Returns the
 * ids whose claim succeeded. A concurrent writer's uncommitted claim makes this wait for its outcome.
 */
export async function claimFingerprints(tx: TenantTx, claims: { id: string; fingerprint: Buffer }[]): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  const rows = await tx.query<{ entry_id: string }>(
    `INSERT INTO spend_fingerprints (organisation_id, fingerprint, entry_id)
     SELECT $1, u.fingerprint, u.id FROM unnest($2::bytea[], $3::uuid[]) WITH ORDINALITY AS u(fingerprint, id, ord) ORDER BY u.ord
     ON CONFLICT DO NOTHING RETURNING entry_id`,
    [tx.organisationId, claims.map((c) => c.fingerprint), claims.map((c) => c.id)],
  );
  return new Set(rows.map((r) => r.entry_id));
}

/** The live entry holding each of these fingerprints (keyed by hex). */
export async function fingerprintHolders(tx: TenantTx, fingerprints: Buffer[]): Promise<Map<string, string>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await tx.query<{ fingerprint: Buffer; entry_id: string }>(`SELECT fingerprint, entry_id FROM spend_fingerprints WHERE organisation_id = $1 AND fingerprint = ANY($2::bytea[])`, [
    tx.organisationId,
    fingerprints,
  ]);
  return new Map(rows.map((r) => [r.fingerprint.toString('hex'), r.entry_id]));
}

/** The organisation's financial year start month (1-12). */
export async function startMonthOf(tx: TenantTx): Promise<number> {
  const [row] = await tx.query<{ month: number }>(`SELECT financial_year_start_month AS month FROM organisations WHERE id = $1`, [tx.organisationId]);
  return row.month;
}

/** Which of these project ids belong to the organisation: one query for any number of ids. */
export async function ownedProjectIds(tx: TenantTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(`SELECT id FROM projects WHERE organisation_id = $1 AND id = ANY($2::uuid[])`, [tx.organisationId, [...new Set(ids)]]);
  return new Set(rows.map((r) => r.id));
}

export async function entriesByExternalId(tx: TenantTx, externalIds: string[]): Promise<Map<string, SpendRow>> {
  if (externalIds.length === 0) return new Map();
  const rows = await tx.query<SpendRow>(`SELECT ${SPEND_COLUMNS} FROM spend_entries WHERE organisation_id = $1 AND external_id = ANY($2::varchar[])`, [
    tx.organisationId,
    [...new Set(externalIds)],
  ]);
  return new Map(rows.map((r) => [r.external_id as string, r]));
}

/**
 * Writes entries and moves the running totals in ONE statement: a multi-row insert from arrays
 * (unnest) and, from exactly the rows it inserted, one upsert per project, year and category.
 * External ids are claimed first in spend_external_ids (unique across the ledger's yearly
 * partitions): an entry whose external id is already held is skipped (ON CONFLICT DO NOTHING there)
 * and is simply absent from the result, so a concurrent duplicate is never counted twice. Totals
 * rows are touched in key order to keep concurrent writers from deadlocking.
 */
export async function insertEntries(tx: TenantTx, entries: PreparedEntry[], source: SpendSource): Promise<SpendRow[]> {
  if (entries.length === 0) return [];
  const col = <K extends keyof PreparedEntry>(key: K) => entries.map((e) => e[key]);
  return tx.query<SpendRow>(
    `WITH u AS (
       SELECT * FROM unnest($4::uuid[], $5::uuid[], $6::varchar[], $7::date[], $8::numeric[], $9::varchar[], $10::varchar[], $11::varchar[], $12::varchar[],
                            $13::boolean[], $14::varchar[], $15::varchar[], $16::varchar[], $17::uuid[], $18::varchar[], $19::bytea[],
                            $20::boolean[], $21::uuid[], $22::varchar[], $23::varchar[])
              AS u(id, project_id, financial_year, spent_on, amount, currency, category, cost_type, supplier,
                   supplier_is_sme, reference, description, external_id, reverses_id, reversal_reason, fingerprint,
                   sme_stated, supplier_id, kind, order_number)
     ), claimed AS (
       INSERT INTO spend_external_ids (organisation_id, external_id, entry_id, financial_year)
       SELECT $1, u.external_id, u.id, u.financial_year FROM u WHERE u.external_id IS NOT NULL
       ON CONFLICT (organisation_id, external_id) DO NOTHING
       RETURNING entry_id
     ), ins AS (
       INSERT INTO spend_entries (id, organisation_id, project_id, financial_year, spent_on, amount, currency, category, cost_type, supplier,
                                  supplier_is_sme, reference, description, external_id, reverses_id, reversal_reason, source, created_by_token_id, fingerprint,
                                  sme_stated, supplier_id, kind, order_number)
       SELECT u.id, $1, u.project_id, u.financial_year, u.spent_on, u.amount, u.currency, u.category, u.cost_type, u.supplier,
              u.supplier_is_sme, u.reference, u.description, u.external_id, u.reverses_id, u.reversal_reason, $2, $3, u.fingerprint,
              u.sme_stated, u.supplier_id, u.kind, u.order_number
         FROM u WHERE u.external_id IS NULL OR u.id IN (SELECT entry_id FROM claimed)
       RETURNING ${SPEND_COLUMNS}, organisation_id
     ), totals AS (
       INSERT INTO spend_totals AS t (organisation_id, project_id, financial_year, category, total, sme_total, entry_count)
       SELECT organisation_id, project_id, financial_year, category, sum(amount::numeric), coalesce(sum(amount::numeric) FILTER (WHERE supplier_is_sme), 0), count(*)
         FROM ins GROUP BY organisation_id, project_id, financial_year, category
        ORDER BY organisation_id, project_id, financial_year, category
       ${ADD_TO_SPEND_TOTALS}
     )
     SELECT ${SPEND_COLUMNS} FROM ins`,
    [
      tx.organisationId,
      source,
      tx.actor.tokenId,
      col('id'),
      col('projectId'),
      col('financialYear'),
      col('spentOn'),
      col('amount'),
      col('currency'),
      col('category'),
      col('costType'),
      col('supplier'),
      col('supplierIsSme'),
      col('reference'),
      col('description'),
      col('externalId'),
      col('reversesId'),
      col('reversalReason'),
      col('fingerprint'),
      col('smeStated'),
      col('supplierId'),
      col('kind'),
      col('orderNumber'),
    ],
  );
}
