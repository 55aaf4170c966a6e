import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

/** A valid POST /v1/spend body; override what the test is about. */
export function spendBody(projectId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    projectId,
    spentOn: '2026-05-14',
    amount: '1234.50',
    category: 'resource',
    costType: 'suppliers',
    supplier: 'Acme Digital Ltd',
    supplierIsSme: true,
    reference: 'INV-1',
    ...overrides,
  };
}

export const newKey = (): string => randomUUID();

/** The ledger's total for the organisation, from the entries themselves (owner connection). */
export async function ledgerSum(db: Pool, organisationId: string): Promise<string> {
  const { rows } = await db.query(`SELECT coalesce(sum(amount), 0)::numeric(17,2)::text AS total FROM spend_entries WHERE organisation_id = $1`, [organisationId]);
  return rows[0].total;
}

/** The running totals' sum, which must always equal ledgerSum. */
export async function totalsSum(db: Pool, organisationId: string): Promise<{ total: string; count: string; sme: string }> {
  const { rows } = await db.query(
    `SELECT coalesce(sum(total), 0)::numeric(17,2)::text AS total, coalesce(sum(entry_count), 0)::text AS count, coalesce(sum(sme_total), 0)::numeric(17,2)::text AS sme
       FROM spend_totals WHERE organisation_id = $1`,
    [organisationId],
  );
  return rows[0];
}

export async function ledgerStats(db: Pool, organisationId: string): Promise<{ total: string; count: string; sme: string }> {
  const { rows } = await db.query(
    `SELECT coalesce(sum(amount), 0)::numeric(17,2)::text AS total, count(*)::text AS count, coalesce(sum(amount) FILTER (WHERE supplier_is_sme), 0)::numeric(17,2)::text AS sme
       FROM spend_entries WHERE organisation_id = $1`,
    [organisationId],
  );
  return rows[0];
}

export async function insertBudget(db: Pool, organisationId: string, projectId: string, financialYear: string, amount: string, category = 'resource'): Promise<void> {
  await db.query(`INSERT INTO budgets (organisation_id, project_id, financial_year, category, amount) VALUES ($1, $2, $3, $4, $5)`, [organisationId, projectId, financialYear, category, amount]);
}
