import type { BudgetCategory, CostType, SpendSource } from './finance.enums';

/** A ledger row as raw SQL returns it (see SPEND_COLUMNS). */
export interface SpendRow {
  id: string;
  project_id: string;
  financial_year: string;
  spent_on: string;
  amount: string;
  currency: string;
  category: BudgetCategory;
  cost_type: CostType;
  supplier: string;
  supplier_is_sme: boolean;
  reference: string | null;
  description: string | null;
  external_id: string | null;
  reverses_id: string | null;
  reversal_reason: string | null;
  import_id: string | null;
  source: SpendSource;
  created_at: Date;
}

/** Columns selected for a SpendRow (optionally from a table alias); dates as text so no time zone can shift them. */
export function spendColumns(alias?: string): string {
  const a = alias ? `${alias}.` : '';
  return `${a}id, ${a}project_id, ${a}financial_year, ${a}spent_on::text AS spent_on, ${a}amount::text AS amount, ${a}currency, ${a}category, ${a}cost_type,
    ${a}supplier, ${a}supplier_is_sme, ${a}reference, ${a}description, ${a}external_id, ${a}reverses_id, ${a}reversal_reason, ${a}import_id, ${a}source, ${a}created_at`;
}

export const SPEND_COLUMNS = spendColumns();

export interface SpendView {
  id: string;
  projectId: string;
  financialYear: string;
  spentOn: string;
  amount: string;
  currency: string;
  category: BudgetCategory;
  costType: CostType;
  supplier: string;
  supplierIsSme: boolean;
  reference: string | null;
  description: string | null;
  externalId: string | null;
  reversesId: string | null;
  reversalReason: string | null;
  importId: string | null;
  source: SpendSource;
  createdAt: string;
}

export const toSpendView = (r: SpendRow): SpendView => ({
  id: r.id,
  projectId: r.project_id,
  financialYear: r.financial_year,
  spentOn: r.spent_on,
  amount: r.amount,
  currency: r.currency,
  category: r.category,
  costType: r.cost_type,
  supplier: r.supplier,
  supplierIsSme: r.supplier_is_sme,
  reference: r.reference,
  description: r.description,
  externalId: r.external_id,
  reversesId: r.reverses_id,
  reversalReason: r.reversal_reason,
  importId: r.import_id,
  source: r.source,
  createdAt: r.created_at.toISOString(),
});
