/**
 * Money is a decimal string end to end ("1234.50"). These helpers never go through floating point:
 * amounts are checked as text and summed, where JavaScript must sum, as BigInt pence.
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

export type LooseAmount = { ok: true; amount: string } | { ok: false; reason: string };

const LOOSE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Reads an amount as finance extracts write it: "£1,234.50", " 1234.5 ", "1,234". Refuses what
 * would need a guess or rounding: negative or bracketed amounts, misplaced separators, more than two
 * decimal places, zero, more than 13 digits before the point.
 */
export function parseLooseAmount(raw: string): LooseAmount {
  let text = raw.trim();
  if (text === '') return { ok: false, reason: 'amount is empty' };
  if (text.startsWith('-') || text.startsWith('(') || text.endsWith(')') || text.startsWith('£-') || text.startsWith('-£')) {
    return { ok: false, reason: `amount "${raw}" is negative; the ledger takes positive spend and corrections are reversals` };
  }
  if (text.startsWith('£')) text = text.slice(1).trim();
  else if (text.toUpperCase().startsWith('GBP')) text = text.slice(3).trim();
  const match = LOOSE.exec(text);
  if (!match) return { ok: false, reason: `amount "${raw}" is not a number like 1234.50 or £1,234.50` };
  const whole = match[1].replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { ok: false, reason: `amount "${raw}" has more than 2 decimal places` };
  if (whole.length > 13) return { ok: false, reason: `amount "${raw}" is too large (more than 13 digits before the point)` };
  const amount = `${whole}.${(fraction + '00').slice(0, 2)}`;
  if (!/[1-9]/.test(amount)) return { ok: false, reason: `amount "${raw}" is zero` };
  return { ok: true, amount };
}
