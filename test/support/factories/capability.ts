import type { Pool } from 'pg';

/** The financial year ("2026-27") of a date, for an April start. */
const financialYearOf = (date: string): string => {
  const year = Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) >= 4 ? 0 : 1);
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
};

/** One ledger entry of a cost type, straight into the ledger (the rules read entries, not totals). */
export async function insertSpendEntry(db: Pool, organisationId: string, projectId: string, spentOn: string, amount: string, costType: string): Promise<void> {
  await db.query(
    `INSERT INTO spend_entries (organisation_id, project_id, financial_year, spent_on, amount, category, cost_type, supplier, source)
     VALUES ($1, $2, $3, $4, $5, 'resource', $6, 'Supplier Ltd', 'api')`,
    [organisationId, projectId, financialYearOf(spentOn), spentOn, amount, costType],
  );
}

export async function insertKnowledgeTransfer(db: Pool, organisationId: string, projectId: string, occurredOn: string, kind = 'pairing'): Promise<void> {
  await db.query(
    `INSERT INTO knowledge_transfers (organisation_id, project_id, kind, occurred_on, permanent_staff, description, evidence) VALUES ($1, $2, $3, $4, 2, 'Paired on the payments service', 'HANDOVER-12')`,
    [organisationId, projectId, kind, occurredOn],
  );
}
