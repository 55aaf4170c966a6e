import { DeliveryConfidence } from '@app/portfolio';

/** Labels and GOV.UK tag colours for ratings: the text always says what the colour shows. */
export const RATING_LABELS: Record<DeliveryConfidence, string> = {
  green: 'Green',
  amber_green: 'Amber/green',
  amber: 'Amber',
  amber_red: 'Amber/red',
  red: 'Red',
};
const RATING_TAG: Record<string, string> = {
  green: 'govuk-tag--green',
  amber_green: 'govuk-tag--turquoise',
  amber: 'govuk-tag--yellow',
  amber_red: 'govuk-tag--orange',
  red: 'govuk-tag--red',
};
export const ratingLabel = (rating: string | null | undefined): string => (rating ? (RATING_LABELS[rating as DeliveryConfidence] ?? rating) : 'Not reported');
export const ratingClass = (rating: string | null | undefined): string => (rating ? (RATING_TAG[rating] ?? 'govuk-tag--grey') : 'govuk-tag--grey');

/** Trend since last period, as an arrow (hidden from screen readers) beside words that say the same. */
export const TREND_TEXT: Record<string, { arrow: string; text: string }> = {
  better: { arrow: '▲', text: 'Improved' },
  worse: { arrow: '▼', text: 'Worsened' },
  same: { arrow: '▶', text: 'No change' },
  new: { arrow: '●', text: 'First report' },
};

export const KPI_STATUS_LABELS: Record<string, string> = {
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  no_data: 'No data',
  not_measurable: 'Not measurable',
};
const KPI_STATUS_TAG: Record<string, string> = { on_track: 'govuk-tag--green', at_risk: 'govuk-tag--yellow', off_track: 'govuk-tag--red', no_data: 'govuk-tag--grey', not_measurable: 'govuk-tag--grey' };
export const kpiStatusClass = (status: string): string => KPI_STATUS_TAG[status] ?? 'govuk-tag--grey';

const SEVERITY_TAG: Record<string, string> = { critical: 'govuk-tag--red', warning: 'govuk-tag--yellow', info: '' };
export const severityClass = (severity: string): string => SEVERITY_TAG[severity] ?? 'govuk-tag--grey';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const group = (whole: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "1234567.5" -> "£1,234,567.50", by string manipulation: money never becomes a float. Pence: the ledger's view. */
export function moneyPence(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const pence = (match[3] ?? '').padEnd(2, '0').slice(0, 2);
  return `${match[1] ? '−' : ''}£${group(match[2])}.${pence}`;
}

/**
 * "1234567.5" -> "£1,234,568": round pounds for the board's views (half away from zero), with
 * integer arithmetic on the digits, never a float.
 */
export function money(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const pounds = BigInt(match[2]) + ((match[3] ?? '0')[0] >= '5' ? 1n : 0n);
  return `${match[1] && pounds > 0n ? '−' : ''}£${group(pounds.toString())}`;
}

/** Compares two decimal strings exactly (-1, 0, 1), for "over budget" without floats. */
export function compareDecimal(a: string, b: string): number {
  const parse = (v: string) => {
    const m = DECIMAL.exec(v);
    if (!m) throw new Error(`not a decimal: ${v}`);
    const fraction = (m[3] ?? '').padEnd(12, '0').slice(0, 12);
    const n = BigInt(m[2] + fraction);
    return m[1] ? -n : n;
  };
  const x = parse(a);
  const y = parse(b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** A variance against budget in words: "18.0% over budget" is marked, "3.0% under budget" is not. */
export function variance(pct: string | null | undefined): { text: string; over: boolean } | null {
  if (pct === null || pct === undefined || pct === '') return null;
  const negative = pct.startsWith('-');
  const size = negative ? pct.slice(1) : pct;
  if (compareDecimal(size, '0') === 0) return { text: 'On budget', over: false };
  return negative ? { text: `${size}% under budget`, over: false } : { text: `${size}% over budget`, over: true };
}

/** True when `amount` is more than `budget` (spent or forecast beyond it). */
export const exceeds = (amount: string | null | undefined, budget: string | null | undefined): boolean =>
  Boolean(amount && budget && DECIMAL.test(amount) && DECIMAL.test(budget) && compareDecimal(amount, budget) > 0);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-10" -> "October 2026". */
export function periodLabel(period: string | null | undefined): string {
  if (!period) return '';
  const [y, m] = period.split('-').map(Number);
  return MONTHS[m - 1] ? `${MONTHS[m - 1]} ${y}` : period;
}

/** The board's one date format: "2026-10-05" (or a timestamp) -> "5 October 2026". */
export function dateLabel(value: string | Date | null | undefined): string {
  if (!value) return '';
  const iso = value instanceof Date ? value.toISOString() : value;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return MONTHS[m - 1] ? `${d} ${MONTHS[m - 1]} ${y}` : iso;
}

/** The same date with the time, where the moment matters (a pack's cut-off): "5 October 2026, 17:00 UTC". */
export function dateTimeLabel(value: string | Date | null | undefined): string {
  if (!value) return '';
  const iso = value instanceof Date ? value.toISOString() : value;
  return iso.length > 10 ? `${dateLabel(iso)}, ${iso.slice(11, 16)} UTC` : dateLabel(iso);
}

export const DIMENSION_LABELS: Record<string, string> = { schedule: 'Schedule', cost: 'Cost', scope: 'Scope', benefits: 'Benefits', risk: 'Risk', resourcing: 'Resourcing' };
export const RAG_CLASS: Record<string, string> = { green: 'govuk-tag--green', amber: 'govuk-tag--yellow', red: 'govuk-tag--red' };
export const RAG_LABEL: Record<string, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
