import { isCalendarDate, todayInLondon } from '@app/platform';

/** A submitted form as the board's controllers read it: every field text (or absent). */
export type FormBody = Record<string, unknown> | undefined;

export const text = (body: FormBody, name: string): string => {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** An error for the summary at the top and the field it belongs to. */
export interface FormError {
  text: string;
  href: string;
}

/** Collects errors by field: the summary links to each, the field shows its own message. */
export class FormErrors {
  readonly list: FormError[] = [];
  readonly byField: Record<string, string> = {};

  add(field: string, message: string, anchor = field): void {
    if (this.byField[field]) return;
    this.byField[field] = message;
    this.list.push({ text: message, href: `#${anchor}` });
  }

  get any(): boolean {
    return this.list.length > 0;
  }
}

/** GOV.UK date input: three fields, day, month and year, read as YYYY-MM-DD. */
export function readDate(body: FormBody, prefix: string, label: string, errors: FormErrors, options: { notFuture?: boolean } = {}): string | null {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => text(body, `${prefix}-${part}`));
  if (!day && !month && !year) {
    errors.add(prefix, `Enter ${label}`, `${prefix}-day`);
    return null;
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    errors.add(prefix, `${capitalise(label)} must be a real date, for example 31 3 2026`, `${prefix}-day`);
    return null;
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isCalendarDate(iso)) {
    errors.add(prefix, `${capitalise(label)} must be a real date, for example 31 3 2026`, `${prefix}-day`);
    return null;
  }
  if (options.notFuture && iso > todayInLondon()) {
    errors.add(prefix, `${capitalise(label)} must be today or in the past`, `${prefix}-day`);
    return null;
  }
  return iso;
}

/** The three parts of a date, for putting back into a GOV.UK date input. */
export const dateParts = (iso: string | null | undefined): { day: string; month: string; year: string } =>
  iso ? { day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) } : { day: '', month: '', year: '' };

/** A number as people type it: digits, an optional sign and decimal point, thousands commas allowed. */
export function readNumber(raw: string): number | null {
  const cleaned = raw.replace(/,/g, '').replace(/%$/, '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** A whole number of people. */
export function readWhole(raw: string): number | null {
  const cleaned = raw.replace(/,/g, '').trim();
  return /^\d{1,8}$/.test(cleaned) ? Number(cleaned) : null;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** 303 to a page after a form did its work, so a refresh does not post it again. */
export function seeOther(reply: { status(code: number): { header(name: string, value: string): { header(name: string, value: string): unknown } } }, location: string): string {
  reply.status(303).header('location', location).header('cache-control', 'no-store');
  return '';
}
