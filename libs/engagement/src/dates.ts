/**
 * Dates of evidence are calendar days in the UK, where the bodies using this service work: an
 * engagement held at 00:30 BST on the 1st must not be "in the future" because UTC still says the 31st.
 */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in Europe/London as YYYY-MM-DD. */
export const londonToday = (now: Date = new Date()): string => LONDON_DAY.format(now);

/** Adds (or with a negative n subtracts) whole days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
