/**
 * Money is a decimal string end to end ("1234.50"), numeric in PostgreSQL. These helpers never go
 * through floating point: amounts are checked as text and summed, where JavaScript must sum, as
 * BigInt pence. Every area uses them.
 */
export const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;
export const MONEY_MESSAGE = 'must be a decimal string with up to 13 digits and at most 2 decimal places, e.g. "1234.50"';

/** True for a positive amount (zero is not spend). */
export function isPositiveMoney(value: string): boolean {
  return MONEY_PATTERN.test(value) && /[1-9]/.test(value);
}

/** "1234.5" -> 123450n. The caller has checked MONEY_PATTERN (an optional leading "-" is kept). */
export function toPence(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const pence = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -pence : pence;
}

/** 123450n -> "1234.50". */
export function fromPence(pence: bigint): string {
  const negative = pence < 0n;
  const abs = negative ? -pence : pence;
  const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Canonical form of a valid amount: "1234.5" -> "1234.50", "007" -> "7.00". */
export const normaliseMoney = (value: string): string => fromPence(toPence(value));
