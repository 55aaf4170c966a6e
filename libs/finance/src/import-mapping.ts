import type { FieldError } from '@app/platform';
import { BUDGET_CATEGORIES, BudgetCategory, COST_TYPES, CostType } from './finance.enums';

/** What a negative amount with no kind column is: refused (the default), or a credit note or journal. */
export const NEGATIVE_POLICIES = ['reject', 'credit_note', 'journal'] as const;
export type NegativePolicy = (typeof NEGATIVE_POLICIES)[number];

/** Entry fields a CSV column can feed. */
export const MAPPABLE_FIELDS = ['spentOn', 'amount', 'supplier', 'reference', 'description', 'projectCode', 'category', 'costType', 'supplierIsSme', 'currency', 'kind', 'orderNumber', 'split'] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export interface ImportDefaults {
  projectId?: string;
  category?: BudgetCategory;
  costType?: CostType;
  currency?: string;
  supplier?: string;
  supplierIsSme?: boolean;
}

/** How to read a ledger extract (DESIGN.md section 8). */
export interface ImportMapping {
  columns: Partial<Record<MappableField, string>>;
  defaults: ImportDefaults;
  dateFormat: string;
  skipRows: number;
  /** Only when set: how to read a negative amount on a row with no kind. */
  negatives?: NegativePolicy;
  /** Only when set: a saved split mapping (spend_split_mappings) deciding each row's project from its value in `columns.split`. */
  splitMappingId?: string;
  /** Only when true: link every row to the supplier register, adding suppliers not yet in it. */
  linkSuppliers?: boolean;
}

const EXTRA_KEYS = ['negatives', 'splitMappingId', 'linkSuppliers'] as const;

export const DATE_FORMATS = ['yyyy-MM-dd', 'dd/MM/yyyy', 'd/M/yyyy', 'dd-MM-yyyy', 'dd.MM.yyyy', 'MM/dd/yyyy', 'yyyy/MM/dd'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_SKIP_ROWS = 100;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates an upload's mapping. The spend date and amount must come from columns; the project from
 * a project code column or a fixed project; the supplier from a column or a default. Category and
 * cost type default to resource and other.
 */
export function parseImportMapping(raw: unknown): { ok: true; mapping: ImportMapping } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field: `mapping.${field}`, message });
  if (!isPlainObject(raw)) return { ok: false, errors: [{ field: 'mapping', message: 'mapping must be a JSON object with columns, defaults, dateFormat and skipRows' }] };
  for (const key of Object.keys(raw)) if (!['columns', 'defaults', 'dateFormat', 'skipRows', ...EXTRA_KEYS].includes(key)) fail(key, `${key} is not a known mapping field; remove it`);
  const extra: Pick<ImportMapping, (typeof EXTRA_KEYS)[number]> = {};
  if (raw.negatives !== undefined) {
    if ((NEGATIVE_POLICIES as readonly unknown[]).includes(raw.negatives)) extra.negatives = raw.negatives as NegativePolicy;
    else fail('negatives', `must be one of ${NEGATIVE_POLICIES.join(', ')}`);
  }
  if (raw.splitMappingId !== undefined) {
    if (typeof raw.splitMappingId === 'string' && UUID.test(raw.splitMappingId)) extra.splitMappingId = raw.splitMappingId.toLowerCase();
    else fail('splitMappingId', 'must be a split mapping id (UUID)');
  }
  if (raw.linkSuppliers !== undefined) {
    if (typeof raw.linkSuppliers === 'boolean') extra.linkSuppliers = raw.linkSuppliers;
    else fail('linkSuppliers', 'must be true or false');
  }

  const columns: Partial<Record<MappableField, string>> = {};
  if (!isPlainObject(raw.columns)) fail('columns', 'columns must map entry fields to CSV header names, e.g. { "spentOn": "Invoice Date", "amount": "Net Amount" }');
  else {
    for (const [field, header] of Object.entries(raw.columns)) {
      if (!(MAPPABLE_FIELDS as readonly string[]).includes(field)) fail(`columns.${field}`, `columns can map ${MAPPABLE_FIELDS.join(', ')}`);
      else if (typeof header !== 'string' || header.trim() === '' || header.length > 200) fail(`columns.${field}`, 'must be a CSV header name (1-200 characters)');
      else columns[field as MappableField] = header;
    }
  }

  const defaults: ImportDefaults = {};
  if (raw.defaults !== undefined) {
    if (!isPlainObject(raw.defaults)) fail('defaults', 'defaults must be an object');
    else {
      for (const [field, value] of Object.entries(raw.defaults)) {
        switch (field) {
          case 'projectId':
            if (typeof value === 'string' && UUID.test(value)) defaults.projectId = value.toLowerCase();
            else fail('defaults.projectId', 'must be a project id (UUID)');
            break;
          case 'category':
            if ((BUDGET_CATEGORIES as readonly unknown[]).includes(value)) defaults.category = value as BudgetCategory;
            else fail('defaults.category', `must be one of ${BUDGET_CATEGORIES.join(', ')}`);
            break;
          case 'costType':
            if ((COST_TYPES as readonly unknown[]).includes(value)) defaults.costType = value as CostType;
            else fail('defaults.costType', `must be one of ${COST_TYPES.join(', ')}`);
            break;
          case 'currency':
            if (value === 'GBP') defaults.currency = value;
            else fail('defaults.currency', 'must be GBP; the ledger records sterling amounts');
            break;
          case 'supplier':
            if (typeof value === 'string' && value.trim() !== '' && value.length <= 200) defaults.supplier = value.trim();
            else fail('defaults.supplier', 'must be 1-200 characters');
            break;
          case 'supplierIsSme':
            if (typeof value === 'boolean') defaults.supplierIsSme = value;
            else fail('defaults.supplierIsSme', 'must be true or false');
            break;
          default:
            fail(`defaults.${field}`, 'defaults can set projectId, category, costType, currency, supplier, supplierIsSme');
        }
      }
    }
  }

  let dateFormat = 'yyyy-MM-dd';
  if (raw.dateFormat !== undefined) {
    if (typeof raw.dateFormat === 'string' && (DATE_FORMATS as readonly string[]).includes(raw.dateFormat)) dateFormat = raw.dateFormat;
    else fail('dateFormat', `must be one of ${DATE_FORMATS.join(', ')}`);
  }
  let skipRows = 0;
  if (raw.skipRows !== undefined) {
    if (Number.isInteger(raw.skipRows) && (raw.skipRows as number) >= 0 && (raw.skipRows as number) <= MAX_SKIP_ROWS) skipRows = raw.skipRows as number;
    else fail('skipRows', `must be a whole number of lines before the header, 0 to ${MAX_SKIP_ROWS}`);
  }

  if (isPlainObject(raw.columns)) {
    if (!columns.spentOn && !errors.some((e) => e.field === 'mapping.columns.spentOn')) fail('columns.spentOn', 'map the column holding the spend date');
    if (!columns.amount && !errors.some((e) => e.field === 'mapping.columns.amount')) fail('columns.amount', 'map the column holding the amount');
    if (extra.splitMappingId && !columns.split) fail('columns.split', 'map the column whose values the split mapping assigns to projects');
    if (columns.split && !extra.splitMappingId) fail('splitMappingId', 'name the split mapping that assigns the split column\'s values to projects');
    if (columns.split && columns.projectCode) fail('columns.split', 'a row\'s project comes from a project code column or a split column, not both');
    if (!columns.projectCode && !defaults.projectId && !columns.split) fail('columns.projectCode', 'map a project code column or a split column, or set defaults.projectId');
    if (!columns.supplier && !defaults.supplier) fail('columns.supplier', 'map a supplier column or set defaults.supplier');
  }
  return errors.length ? { ok: false, errors } : { ok: true, mapping: { columns, defaults, dateFormat, skipRows, ...extra } };
}
