import { DATE_FORMATS, IMPORT_MODES, ImportMapping, ImportMode, NEGATIVE_POLICIES, parseImportMapping } from '@app/finance';
import { FormBody, FormErrors, text } from './form-fields';

/** The ledger fields a column of the file can feed, as the form asks for them. */
export const COLUMN_FIELDS = [
  { name: 'spentOn', label: 'Date of the spend' },
  { name: 'amount', label: 'Amount' },
  { name: 'supplier', label: 'Supplier' },
  { name: 'projectCode', label: 'Project code' },
  { name: 'reference', label: 'Reference, such as the invoice number' },
  { name: 'description', label: 'Description' },
  { name: 'category', label: 'Capital or resource' },
  { name: 'costType', label: 'Cost type' },
  { name: 'supplierIsSme', label: 'Supplier is a small or medium-sized business' },
  { name: 'kind', label: 'Payment, credit note or journal' },
  { name: 'orderNumber', label: 'Purchase order number' },
] as const;

export const DATE_FORMAT_LABELS: Record<string, string> = {
  'yyyy-MM-dd': '2026-03-31',
  'dd/MM/yyyy': '31/03/2026',
  'd/M/yyyy': '31/3/2026',
  'dd-MM-yyyy': '31-03-2026',
  'dd.MM.yyyy': '31.03.2026',
  'MM/dd/yyyy': '03/31/2026 (month first)',
  'yyyy/MM/dd': '2026/03/31',
};

export const NEGATIVE_LABELS: Record<string, string> = {
  reject: 'Refuse the row',
  credit_note: 'Treat it as a credit note',
  journal: 'Treat it as a journal',
};

export const MODE_LABELS: Record<ImportMode, { text: string; hint: string }> = {
  atomic: { text: 'All or nothing', hint: 'Nothing is stored unless every row can be read' },
  partial: { text: 'Import the rows that can be read', hint: 'Rows with a problem are listed, and the rest are stored' },
};

/** The mapping form as typed: one value per field, all text. */
export type MappingForm = Record<string, string>;

/** The form filled from a mapping (the one last used for a file of this shape, or none). */
export function formFromMapping(mapping: Record<string, unknown> | null, header: string[]): MappingForm {
  const m = (mapping ?? {}) as Partial<ImportMapping>;
  const form: MappingForm = {
    dateFormat: m.dateFormat ?? 'yyyy-MM-dd',
    skipRows: String(m.skipRows ?? 0),
    defaultProjectId: m.defaults?.projectId ?? '',
    defaultSupplier: m.defaults?.supplier ?? '',
    negatives: m.negatives ?? 'reject',
    mode: 'atomic',
  };
  for (const f of COLUMN_FIELDS) {
    const name = m.columns?.[f.name];
    // The file's own spelling of the column, so the select shows it chosen.
    form[`col-${f.name}`] = name ? (header.find((h) => h.trim().toLowerCase() === name.trim().toLowerCase()) ?? '') : '';
  }
  return form;
}

export function readMappingForm(body: FormBody): MappingForm {
  const form: MappingForm = {};
  for (const name of ['dateFormat', 'skipRows', 'defaultProjectId', 'defaultSupplier', 'negatives', 'mode', ...COLUMN_FIELDS.map((f) => `col-${f.name}`)]) form[name] = text(body, name);
  return form;
}

const FIELD_OF: Record<string, string> = {
  'mapping.dateFormat': 'dateFormat',
  'mapping.skipRows': 'skipRows',
  'mapping.defaults.projectId': 'defaultProjectId',
  'mapping.defaults.supplier': 'defaultSupplier',
  'mapping.negatives': 'negatives',
};

const MESSAGES: Record<string, string> = {
  'col-spentOn': 'Select the column that holds the date of the spend',
  'col-amount': 'Select the column that holds the amount',
  'col-projectCode': 'Select the column that holds the project code, or choose a project for every row',
  'col-supplier': 'Select the column that holds the supplier, or enter a supplier for every row',
};

/**
 * The mapping the import service will use, checked by the service's own rules; each error is put
 * beside the field that fixes it, in words.
 */
export function mappingFromForm(form: MappingForm, header: string[], projectIds: Set<string>, errors: FormErrors): { mapping: ImportMapping; mode: ImportMode } | null {
  const lower = header.map((h) => h.trim().toLowerCase());
  const columns: Record<string, string> = {};
  for (const f of COLUMN_FIELDS) {
    const chosen = form[`col-${f.name}`];
    if (!chosen) continue;
    if (!lower.includes(chosen.trim().toLowerCase())) errors.add(`col-${f.name}`, `Select a column of this file for ${f.label.toLowerCase()}`);
    else columns[f.name] = chosen;
  }
  if (!(DATE_FORMATS as readonly string[]).includes(form.dateFormat)) errors.add('dateFormat', 'Select how the dates are written');
  if (!/^\d{1,3}$/.test(form.skipRows) || Number(form.skipRows) > 100) errors.add('skipRows', 'Lines before the header must be a whole number from 0 to 100');
  if (form.defaultProjectId && !projectIds.has(form.defaultProjectId)) errors.add('defaultProjectId', 'Select a project from the list');
  if (form.defaultSupplier.length > 200) errors.add('defaultSupplier', 'The supplier must be 200 characters or fewer');
  if (!(NEGATIVE_POLICIES as readonly string[]).includes(form.negatives)) errors.add('negatives', 'Select what a negative amount means');
  if (!(IMPORT_MODES as readonly string[]).includes(form.mode)) errors.add('mode', 'Select how to import the file');
  const defaults: Record<string, unknown> = {};
  if (form.defaultProjectId) defaults.projectId = form.defaultProjectId;
  if (form.defaultSupplier) defaults.supplier = form.defaultSupplier;
  const raw = { columns, defaults, dateFormat: form.dateFormat, skipRows: Number(form.skipRows), ...(form.negatives && form.negatives !== 'reject' ? { negatives: form.negatives } : {}) };
  const parsed = parseImportMapping(raw);
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      const field = e.field.startsWith('mapping.columns.') ? `col-${e.field.slice('mapping.columns.'.length)}` : (FIELD_OF[e.field] ?? 'col-spentOn');
      errors.add(field, MESSAGES[field] ?? `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}`);
    }
  }
  return errors.any || !parsed.ok ? null : { mapping: parsed.mapping, mode: form.mode as ImportMode };
}
