import { escapeLiteral } from 'pg';

/**
 * Binds `$1`..`$n` of a constant statement as SQL literals, for statements sent together in one
 * simple-protocol message (which carries no parameters): a tenant transaction's opening, or a keyed
 * read with its opening and COMMIT in one round trip. Only for the product's own constant SQL: it
 * must not hold `$n` inside string literals or dollar quotes. Values are strings (escaped by pg's
 * own escapeLiteral), finite numbers, booleans, null, or arrays of strings (as an array literal).
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`parameter $${n} has no value (${params.length} given)`);
    return literal(params[index], n);
  });
}

function literal(value: unknown, n: string): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return escapeLiteral(value);
  // Parenthesised so a negative number never meets a minus before it as a comment (x-$1).
  if (typeof value === 'number' && Number.isFinite(value)) return `(${value})`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return escapeLiteral(`{${value.map((item: string) => `"${item.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  }
  throw new Error(`parameter $${n} cannot be written as a literal (${Array.isArray(value) ? 'array of non-strings' : typeof value})`);
}
