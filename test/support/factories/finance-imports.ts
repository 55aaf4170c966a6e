import iconv from 'iconv-lite';

/** The columns of a payments-to-suppliers extract, as a council publishes it. */
export const EXTRACT_COLUMNS = ['Payment Date', 'Cost Centre', 'Supplier', 'Amount', 'Transaction Number', 'Description'] as const;

export const EXTRACT_MAPPING = {
  columns: { spentOn: 'Payment Date', projectCode: 'Cost Centre', supplier: 'Supplier', amount: 'Amount', reference: 'Transaction Number', description: 'Description' },
  defaults: { category: 'resource', costType: 'suppliers' },
  dateFormat: 'dd/MM/yyyy',
};

export interface ExtractRow {
  date: string;
  code: string;
  supplier: string;
  amount: string;
  ref: string;
  description: string;
}

/** Rows numbered from..to (inclusive) of a monthly extract: a few with accents, commas and thousands. */
export function extractRows(code: string, from: number, to: number): ExtractRow[] {
  const rows: ExtractRow[] = [];
  for (let i = from; i <= to; i++) {
    rows.push({
      date: `${String((i % 27) + 1).padStart(2, '0')}/0${(i % 6) + 4}/2026`,
      code,
      supplier: i % 3 === 0 ? 'Café Research, Ltd' : `Supplier ${i % 5}`,
      amount: i % 4 === 0 ? `£1,${String(i % 1000).padStart(3, '0')}.${String(i % 100).padStart(2, '0')}` : `${10 + i}.${String((i * 7) % 100).padStart(2, '0')}`,
      ref: `TX-${1000 + i}`,
      description: `Payment ${i}`,
    });
  }
  return rows;
}

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The extract as bytes: column order, line ending and encoding as a spreadsheet might save it. */
export function extractFile(rows: ExtractRow[], options: { columns?: readonly (typeof EXTRACT_COLUMNS)[number][]; eol?: string; encoding?: 'utf-8' | 'windows-1252' } = {}): Buffer {
  const columns = options.columns ?? EXTRACT_COLUMNS;
  const cell: Record<(typeof EXTRACT_COLUMNS)[number], (r: ExtractRow) => string> = {
    'Payment Date': (r) => r.date,
    'Cost Centre': (r) => r.code,
    Supplier: (r) => r.supplier,
    Amount: (r) => r.amount,
    'Transaction Number': (r) => r.ref,
    Description: (r) => r.description,
  };
  const eol = options.eol ?? '\n';
  const text = [columns.join(','), ...rows.map((r) => columns.map((c) => quote(cell[c](r))).join(','))].join(eol) + eol;
  return options.encoding === 'windows-1252' ? iconv.encode(text, 'win1252') : Buffer.from(text, 'utf8');
}
