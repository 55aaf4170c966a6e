/**
 * Calendar days as the UK public bodies using this service count them: "today" is the date in
 * Europe/London, which is never behind UTC, so a reading taken at 00:30 BST on the 1st is not "in
 * the future" because UTC still says the 31st. Dates are YYYY-MM-DD strings; periods YYYY-MM.
 */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Today in Europe/London as YYYY-MM-DD. */
export const todayInLondon = (now: Date = new Date()): string => LONDON_DAY.format(now);

/** The current reporting period in Europe/London as YYYY-MM. */
export const currentPeriod = (now: Date = new Date()): string => todayInLondon(now).slice(0, 7);

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(text: unknown): text is string {
  return typeof text === 'string' && DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** Adds (or with a negative n subtracts) whole days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
