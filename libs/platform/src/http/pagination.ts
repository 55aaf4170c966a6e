import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Problem } from '../errors/problem';

export const MAX_PAGE_SIZE = 200;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional() @IsString() @MaxLength(512) @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not one this API issued' })
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Opaque keyset cursors: the sort key values of the last row, base64url-encoded JSON. */
export const Cursor = {
  encode(values: (string | number)[]): string {
    return Buffer.from(JSON.stringify(values)).toString('base64url');
  },
  decode(cursor: string | undefined, arity: number): (string | number)[] | null {
    if (!cursor) return null;
    try {
      const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
    } catch {
      /* fall through */
    }
    throw Problem.validation([{ field: 'cursor', message: 'cursor is not one this API issued; start again without it' }]);
  },
};

export const pageSize = (query: PageQuery): number => query.limit ?? 50;

/** Given limit+1 rows, returns a page with a cursor built from the last row kept. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => (string | number)[], map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { data: kept.map(map), nextCursor: more ? Cursor.encode(key(kept[kept.length - 1])) : null };
}
