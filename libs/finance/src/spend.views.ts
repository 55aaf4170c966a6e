import type { BudgetCategory, CostType, SpendKind, SpendSource } from './finance.enums';

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
  sme_stated: boolean;
  supplier_id: string | null;
  kind: SpendKind;
  order_number: string | null;
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
    ${a}supplier, ${a}supplier_is_sme, ${a}sme_stated, ${a}supplier_id, ${a}kind, ${a}order_number, ${a}reference, ${a}description, ${a}external_id, ${a}reverses_id, ${a}reversal_reason, ${a}import_id, ${a}source, ${a}created_at`;
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
  /** What the sender said; null when it did not say (unknown is not "no"). */
  supplierIsSme: boolean | null;
  supplierId: string | null;
  /** payment, credit_note or journal; a reversal carries its original's kind and `reversesId`. */
  kind: SpendKind;
  orderNumber: string | null;
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
  supplierIsSme: r.sme_stated ? r.supplier_is_sme : null,
  supplierId: r.supplier_id,
  kind: r.kind,
  orderNumber: r.order_number,
  reference: r.reference,
  description: r.description,
  externalId: r.external_id,
  reversesId: r.reverses_id,
  reversalReason: r.reversal_reason,
  importId: r.import_id,
  source: r.source,
  createdAt: r.created_at.toISOString(),
});
