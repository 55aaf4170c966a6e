/**
 * Financial years as UK public bodies name them: "2026-27" starts on the first day of the
 * organisation's start month (April by default) in 2026 and ends the day before that month in 2027.
 * Pure functions on ISO dates (no time zones: a spend date is a calendar date).
 */
export const FINANCIAL_YEAR_PATTERN = /^(\d{4})-(\d{2})$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function label(startYear: number): string {
  return `${startYear}-${pad2((startYear + 1) % 100)}`;
}

/** The financial year from a calendar year, month (1-12) and the start month; used on hot paths. */
export function financialYearOfParts(year: number, month: number, startMonth: number): string {
  return label(month >= startMonth ? year : year - 1);
}

/** `date` is "YYYY-MM-DD" or a Date (its UTC calendar date). */
export function financialYearOf(date: string | Date, startMonth = 4): string {
  assertStartMonth(startMonth);
  if (date instanceof Date) return financialYearOfParts(date.getUTCFullYear(), date.getUTCMonth() + 1, startMonth);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not an ISO date: ${date}`);
  return financialYearOfParts(Number(match[1]), Number(match[2]), startMonth);
}

/** Financial years a budget, forecast or filter may name: from 2000-01 to ten years after this one. */
export const FINANCIAL_YEAR_RANGE = { first: 2000, aheadYears: 10 };

/** True for a financial year within FINANCIAL_YEAR_RANGE ("9999-00" is well formed but not sane). */
export function isFinancialYearInRange(value: string, now = new Date()): boolean {
  if (!isFinancialYear(value)) return false;
  const start = Number(value.slice(0, 4));
  return start >= FINANCIAL_YEAR_RANGE.first && start <= now.getUTCFullYear() + FINANCIAL_YEAR_RANGE.aheadYears;
}

/** True for "2026-27" (the second part must follow the first). */
export function isFinancialYear(value: string): boolean {
  const match = FINANCIAL_YEAR_PATTERN.exec(value);
  return !!match && (Number(match[1]) + 1) % 100 === Number(match[2]);
}

/** First and last day (inclusive, "YYYY-MM-DD") of a financial year. */
export function financialYearRange(financialYear: string, startMonth = 4): { start: string; end: string } {
  assertStartMonth(startMonth);
  if (!isFinancialYear(financialYear)) throw new RangeError(`not a financial year like 2026-27: ${financialYear}`);
  const startYear = Number(financialYear.slice(0, 4));
  const start = `${startYear}-${pad2(startMonth)}-01`;
  // The day before the start month of the next year.
  const next = new Date(Date.UTC(startYear + 1, startMonth - 1, 1));
  const last = new Date(next.getTime() - 24 * 60 * 60 * 1000);
  const end = `${last.getUTCFullYear()}-${pad2(last.getUTCMonth() + 1)}-${pad2(last.getUTCDate())}`;
  return { start, end };
}

function assertStartMonth(startMonth: number): void {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) throw new RangeError(`start month must be 1-12: ${startMonth}`);
}
