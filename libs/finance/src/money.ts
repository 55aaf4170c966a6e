/**
 * Money helpers live in the platform (every area uses them); finance adds the reading of amounts as
 * ledger extracts write them.
 */
export { fromPence, isPositiveMoney, MONEY_MESSAGE, MONEY_PATTERN, normaliseMoney, toPence } from '@app/platform';

export type LooseAmount = { ok: true; amount: string } | { ok: false; reason: string };

const LOOSE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Reads an amount as finance extracts write it: "£1,234.50", " 1234.5 ", "1,234", and, when the
 * import takes credits, "-250.00" or "(250.00)". Refuses what would need a guess or rounding:
 * misplaced separators, more than two decimal places, zero, more than 13 digits before the point.
 */
export function parseLooseAmount(raw: string, allowNegative = false): LooseAmount {
  let text = raw.trim();
  if (text === '') return { ok: false, reason: 'amount is empty' };
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  } else if (text.startsWith('-') || text.startsWith('£-')) {
    negative = true;
    text = text.startsWith('-') ? text.slice(1).trim() : `£${text.slice(2)}`;
  }
  if (negative && !allowNegative) {
    return { ok: false, reason: `amount "${raw}" is negative; map a kind column or set negatives to credit_note or journal to import credit notes, and correct a mistaken entry by reversing it` };
  }
  if (text.startsWith('(') || text.endsWith(')') || text.startsWith('-')) return { ok: false, reason: `amount "${raw}" is not a number like 1234.50 or £1,234.50` };
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
  return { ok: true, amount: negative ? `-${amount}` : amount };
}
