export const BUDGET_CATEGORIES = ['resource', 'capital'] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export const COST_TYPES = ['staff', 'contractors', 'consultancy', 'suppliers', 'licences', 'hosting', 'hardware', 'training', 'user_research', 'other'] as const;
export type CostType = (typeof COST_TYPES)[number];

export const SPEND_SOURCES = ['api', 'batch', 'import'] as const;
export type SpendSource = (typeof SPEND_SOURCES)[number];

/**
 * queued, processing; then completed (every row written), completed_with_errors (some written, some
 * rejected), nothing_imported (finished, but no row written: all duplicates or all rejected), failed
 * (the file could not be imported, or an atomic import had a bad row); undoing, undone.
 */
export const IMPORT_STATUSES = ['queued', 'processing', 'completed', 'completed_with_errors', 'nothing_imported', 'failed', 'undoing', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const IMPORT_MODES = ['atomic', 'partial'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
export const CATEGORY_SQL = sqlList(BUDGET_CATEGORIES);
export const COST_TYPE_SQL = sqlList(COST_TYPES);

/** payment: money out (positive); credit_note: a supplier's credit (negative); journal: a transfer between codes (either sign). */
export const SPEND_KINDS = ['payment', 'credit_note', 'journal'] as const;
export type SpendKind = (typeof SPEND_KINDS)[number];

export const SME_STATUSES = ['sme', 'not_sme', 'unknown'] as const;
export type SmeStatus = (typeof SME_STATUSES)[number];

export const COMMITMENT_KINDS = ['purchase_order', 'contract'] as const;
export type CommitmentKind = (typeof COMMITMENT_KINDS)[number];

export const WHOLE_LIFE_COST_KINDS = ['baseline', 'forecast'] as const;
export type WholeLifeCostKind = (typeof WHOLE_LIFE_COST_KINDS)[number];

export const UNMAPPED_POLICIES = ['reject', 'holding'] as const;
export type UnmappedPolicy = (typeof UNMAPPED_POLICIES)[number];
