import { BudgetCategory, COST_TYPES, CostType, SpendKind } from './finance.enums';
import { financialYearOfParts } from './financial-year';
import { ImportMapping, MappableField } from './import-mapping';
import { spendFingerprint } from './fingerprint';
import { parseLooseAmount, toPence } from './money';

/** A CSV row turned into a ledger row, ready for COPY, or the reason it was refused. */
export type RowOutcome = { ok: true; projectId: string; financialYear: string; category: BudgetCategory; amount: string; pence: bigint; sme: boolean; copyLine: string } | { ok: false; reason: string };

/** A compiled date reader for one of DATE_FORMATS; an optional time after the date is ignored (spreadsheets add one). */
export function dateReader(format: string): (text: string) => { year: number; month: number; day: number } | null {
  const order: ('y' | 'm' | 'd')[] = [];
  const pattern = format.replace(/yyyy|MM|M|dd|d|[./-]/g, (token) => {
    if (token === 'yyyy') return order.push('y'), '(\\d{4})';
    if (token === 'MM' || token === 'M') return order.push('m'), '(\\d{1,2})';
    if (token === 'dd' || token === 'd') return order.push('d'), '(\\d{1,2})';
    return `\\${token}`;
  });
  const regex = new RegExp(`^${pattern}(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?$`);
  return (text) => {
    const match = regex.exec(text.trim());
    if (!match) return null;
    const parts = { y: 0, m: 0, d: 0 };
    order.forEach((k, i) => (parts[k] = Number(match[i + 1])));
    if (parts.y < 1900 || parts.y > 2999 || parts.m < 1 || parts.m > 12 || parts.d < 1) return null;
    const daysInMonth = new Date(Date.UTC(parts.y, parts.m, 0)).getUTCDate();
    return parts.d > daysInMonth ? null : { year: parts.y, month: parts.m, day: parts.d };
  };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const NEEDS_ESCAPE = /[\\\t\n\r]/;
/** COPY text format: backslash, tab and line breaks escaped. */
const copyText = (value: string): string => (NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value);

const KIND_WORDS: Record<string, SpendKind> = {
  payment: 'payment', invoice: 'payment', inv: 'payment', pay: 'payment',
  credit_note: 'credit_note', 'credit note': 'credit_note', credit: 'credit_note', cn: 'credit_note', crn: 'credit_note',
  journal: 'journal', jnl: 'journal', jv: 'journal', 'journal entry': 'journal',
};

/** A split of an organisation-wide extract: the split column's values (lower case) to projects, and where unmapped values go. */
export interface RowSplit {
  projects: Map<string, string>;
  holdingProjectId: string | null;
  /** Filled as rows are read: each unmapped value (as first written) and its row count. */
  unmapped: Map<string, { value: string; rows: number }>;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'sme']);
const FALSE = new Set(['false', 'no', 'n', '0', '']);

/** The columns COPY writes, in the order copyLine produces them. */
export const COPY_COLUMNS =
  'organisation_id, project_id, financial_year, spent_on, amount, currency, category, cost_type, supplier, supplier_is_sme, reference, description, import_id, source, created_by_token_id, fingerprint, kind, order_number, sme_stated';

/** A fingerprint as a bytea value in COPY text format (the backslash doubled). */
export const copyBytea = (value: Buffer): string => `\\\\x${value.toString('hex')}`;

/** Spend dates the ledger accepts: none before `earliest`, none after `latest` (both ISO dates). */
export interface SpendDateWindow {
  earliest: string;
  latest: string;
}

/**
 * Compiles the mapping against the file's header into a function that checks one record and
 * produces its COPY line. Built once per import, run once per row: no allocation beyond the line.
 */
export function compileRowReader(input: {
  mapping: ImportMapping;
  header: string[];
  projectsByCode: Map<string, string>;
  defaultProjectOk: boolean;
  startMonth: number;
  organisationId: string;
  importId: string;
  tokenId: string | null;
  window: SpendDateWindow;
  split?: RowSplit;
}): { ok: true; read: (record: string[]) => RowOutcome } | { ok: false; reason: string } {
  const { mapping } = input;
  const normalised = input.header.map((h) => h.trim().toLowerCase());
  const index: Partial<Record<MappableField, number>> = {};
  for (const [field, name] of Object.entries(mapping.columns) as [MappableField, string][]) {
    const at = normalised.indexOf(name.trim().toLowerCase());
    if (at < 0) return { ok: false, reason: `column "${name}" (for ${field}) is not in the header; the header has: ${input.header.map((h) => `"${h.trim()}"`).join(', ')}` };
    index[field] = at;
  }
  const dates = dateReader(mapping.dateFormat);
  const d = mapping.defaults;
  const tail = `\t${input.importId}\timport\t${input.tokenId ?? '\\N'}\t`;
  const org = input.organisationId;
  const cell = (record: string[], field: MappableField): string | undefined => {
    const at = index[field];
    return at === undefined ? undefined : (record[at] ?? '').trim();
  };

  const read = (record: string[]): RowOutcome => {
    const dateText = cell(record, 'spentOn') as string;
    const date = dates(dateText);
    if (!date) return { ok: false, reason: `spentOn "${dateText}" is not a date in the format ${mapping.dateFormat}` };
    const iso = `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
    if (iso < input.window.earliest || iso > input.window.latest) return { ok: false, reason: `spentOn ${iso} is outside the accepted window (${input.window.earliest} to ${input.window.latest})` };
    const kindText = cell(record, 'kind');
    let kind: SpendKind | null = null;
    if (kindText) {
      kind = KIND_WORDS[kindText.toLowerCase().replace(/[_-]+/g, ' ').trim()] ?? KIND_WORDS[kindText.toLowerCase()] ?? null;
      if (!kind) return { ok: false, reason: `kind "${kindText}" is not payment, credit note or journal` };
    }
    const negativeKind = kind ?? (mapping.negatives && mapping.negatives !== 'reject' ? mapping.negatives : null);
    const amount = parseLooseAmount(cell(record, 'amount') as string, negativeKind !== null && negativeKind !== 'payment');
    if (!amount.ok) return amount;
    const negative = amount.amount.startsWith('-');
    kind ??= negative ? negativeKind : 'payment';
    if (kind === 'credit_note' && !negative) return { ok: false, reason: `amount ${amount.amount} is positive but the row is a credit note; a credit note reduces spend, so its amount must be negative` };

    let projectId: string | undefined;
    const code = cell(record, 'projectCode');
    const split = input.split;
    if (split) {
      const value = cell(record, 'split') ?? '';
      projectId = split.projects.get(value.toLowerCase());
      if (!projectId) {
        const seen = split.unmapped.get(value.toLowerCase());
        if (seen) seen.rows++;
        else split.unmapped.set(value.toLowerCase(), { value, rows: 1 });
        if (!split.holdingProjectId) return { ok: false, reason: `${mapping.columns.split} "${value}" has no project in the split mapping; add it to the mapping or send unmapped values to a holding project` };
        projectId = split.holdingProjectId;
      }
    } else if (code) {
      projectId = input.projectsByCode.get(code.toLowerCase());
      if (!projectId) return { ok: false, reason: `project code "${code}" is not a project of this organisation` };
    } else if (d.projectId && input.defaultProjectOk) projectId = d.projectId;
    else return { ok: false, reason: 'project code is empty and no default project is set' };

    const supplier = cell(record, 'supplier') || d.supplier;
    if (!supplier) return { ok: false, reason: 'supplier is empty' };
    if (supplier.length > 200) return { ok: false, reason: 'supplier is longer than 200 characters' };

    let category: BudgetCategory = d.category ?? 'resource';
    const categoryText = cell(record, 'category');
    if (categoryText) {
      const c = categoryText.toLowerCase();
      if (c !== 'resource' && c !== 'capital') return { ok: false, reason: `category "${categoryText}" is not resource or capital` };
      category = c;
    }
    let costType: CostType = d.costType ?? 'other';
    const costText = cell(record, 'costType');
    if (costText) {
      const c = costText.toLowerCase().replace(/[\s-]+/g, '_') as CostType;
      if (!(COST_TYPES as readonly string[]).includes(c)) return { ok: false, reason: `costType "${costText}" is not one of ${COST_TYPES.join(', ')}` };
      costType = c;
    }
    let sme = d.supplierIsSme ?? false;
    // Unknown is not "no": a blank SME cell with no default leaves the status unstated.
    let smeStated = d.supplierIsSme !== undefined;
    const smeText = cell(record, 'supplierIsSme');
    if (smeText !== undefined && smeText !== '') {
      const s = smeText.toLowerCase();
      smeStated = true;
      if (TRUE.has(s)) sme = true;
      else if (FALSE.has(s)) sme = false;
      else return { ok: false, reason: `supplierIsSme "${smeText}" is not yes or no` };
    }
    const currencyText = cell(record, 'currency');
    if (currencyText && currencyText.toUpperCase() !== 'GBP') return { ok: false, reason: `currency "${currencyText}" is not GBP` };

    const reference = cell(record, 'reference') || null;
    if (reference && reference.length > 100) return { ok: false, reason: 'reference is longer than 100 characters' };
    const orderNumber = cell(record, 'orderNumber') || null;
    if (orderNumber && orderNumber.length > 100) return { ok: false, reason: 'orderNumber is longer than 100 characters' };
    const description = cell(record, 'description') || null;
    if (description && description.length > 1000) return { ok: false, reason: 'description is longer than 1000 characters' };
    if (supplier.includes('\0') || reference?.includes('\0') || description?.includes('\0') || orderNumber?.includes('\0')) return { ok: false, reason: 'the row contains a NUL character' };

    const financialYear = financialYearOfParts(date.year, date.month, input.startMonth);
    const fingerprint = copyBytea(spendFingerprint(iso, amount.amount, supplier, reference, description));
    const copyLine =
      `${org}\t${projectId}\t${financialYear}\t${iso}\t${amount.amount}\tGBP\t${category}\t${costType}\t${copyText(supplier)}\t${sme ? 't' : 'f'}\t` +
      `${reference === null ? '\\N' : copyText(reference)}\t${description === null ? '\\N' : copyText(description)}${tail}${fingerprint}\t${kind}\t` +
      `${orderNumber === null ? '\\N' : copyText(orderNumber)}\t${smeStated ? 't' : 'f'}\n`;
    return { ok: true, projectId, financialYear, category, amount: amount.amount, pence: toPence(amount.amount), sme, copyLine };
  };
  return { ok: true, read };
}
