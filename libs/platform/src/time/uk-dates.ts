/**
 * Calendar days as the UK public bodies using this service count them: "today" is the date in
 * Europe/London, which is never behind UTC, so a reading taken at 00:30 BST on the 1st is not "in
 * the future" because UTC still says the 31st. Dates are YYYY-MM-DD strings; periods YYYY-MM.
 */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
// Years 1900-9999: a four-digit year the database and every client date type read the same way (0000 is not a year).
const DATE = /^(19|[2-9]\d)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const PERIOD = /^(19|[2-9]\d)\d\d-(0[1-9]|1[0-2])$/;
// RFC 3339 date-time: a real date, a real time, and an offset (Z or ±hh:mm).
const TIMESTAMP = /^((?:19|[2-9]\d)\d\d-\d\d-\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Today in Europe/London as YYYY-MM-DD. */
export const todayInLondon = (now: Date = new Date()): string => LONDON_DAY.format(now);

/** The current reporting period in Europe/London as YYYY-MM. */
export const currentPeriod = (now: Date = new Date()): string => todayInLondon(now).slice(0, 7);

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(text: unknown): text is string {
  return typeof text === 'string' && DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** A reporting period written YYYY-MM, in years 1900-9999. */
export const isPeriod = (text: unknown): text is string => typeof text === 'string' && PERIOD.test(text);

/** An RFC 3339 date-time whose date exists (2027-02-30T00:00:00Z is not rolled to 2 March, it is refused). */
export function isTimestamp(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = TIMESTAMP.exec(text);
  return !!match && isCalendarDate(match[1]);
}

/** Adds (or with a negative n subtracts) whole days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
