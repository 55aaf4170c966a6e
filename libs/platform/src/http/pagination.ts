import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Problem } from '../errors/problem';
import { IsQueryInt } from './validators';

export const MAX_PAGE_SIZE = 200;
const CURSOR_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: 'rows per page (50 when absent); digits only' })
  @IsQueryInt({ min: 1, max: MAX_PAGE_SIZE })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page, as it was given (signed: an edited cursor is refused); empty means the first page', maxLength: 512, pattern: '^([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22})?$' })
  // An empty cursor (`?cursor=`, what a client sends for "no cursor yet") is the first page.
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional() @IsString() @MaxLength(512) @Matches(CURSOR_PATTERN, { message: 'cursor is not one this API issued; start again without it' })
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

// Outside production without SECRETS_KEY a fixed key, as for the secret box; set with configureCursorKey at start-up.
let cursorKey: Buffer = createHash('sha256').update('programme-kpi-tracker cursor key').digest();

/** Keys cursor signatures from the deployment's secret, so every replica accepts the others' cursors. */
export function configureCursorKey(secret: string): void {
  if (secret) cursorKey = createHash('sha256').update(`cursor:${secret}`).digest();
}

const sign = (payload: string): string => createHmac('sha256', cursorKey).update(payload).digest().subarray(0, 16).toString('base64url');

/**
 * Opaque keyset cursors: the sort key values of the last row as base64url JSON, with an HMAC so a
 * cursor the API did not issue (edited or made up) is a 400, not a page from a forged position.
 */
export const Cursor = {
  encode(values: (string | number)[]): string {
    const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
    return `${payload}.${sign(payload)}`;
  },
  decode(cursor: string | undefined, arity: number): (string | number)[] | null {
    if (!cursor) return null;
    const [payload, signature] = cursor.split('.');
    const expected = Buffer.from(sign(payload ?? ''));
    if (signature && Buffer.byteLength(signature) === expected.length && timingSafeEqual(Buffer.from(signature), expected)) {
      try {
        const values = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
      } catch {
        /* fall through */
      }
    }
    throw new Problem(400, 'invalid_cursor', 'cursor is not one this API issued; start again without it', { errors: [{ field: 'cursor', message: 'cursor is not one this API issued; start again without it' }] });
  },
};

export const pageSize = (query: PageQuery): number => query.limit ?? 50;

/** Given limit+1 rows, returns a page with a cursor built from the last row kept. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => (string | number)[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { data: kept.map(map), nextCursor: more ? Cursor.encode(key(kept[kept.length - 1])) : null };
}
