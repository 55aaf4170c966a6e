import { Injectable } from '@nestjs/common';
import { Db, todayInLondon } from '@app/platform';

/** Years of partitions kept ahead of this calendar year (a spend date is at most a few days ahead). */
export const SPEND_PARTITION_YEARS_AHEAD = 2;

export interface SpendPartition {
  name: string;
  from: string | null;
  to: string;
  rows: number;
}

/**
 * The ledger's yearly partitions (migration 1763800030000). The worker's daily job keeps them
 * SPEND_PARTITION_YEARS_AHEAD years ahead, so a write never meets a year without one; making a
 * partition locks the ledger briefly, hence the lock timeout (the next day's run tries again).
 */
@Injectable()
export class SpendPartitionsService {
  constructor(private readonly db: Db) {}

  /** Makes any missing partition up to `through` (a financial year's first calendar year); returns how many were made. */
  async ensureAhead(now = new Date()): Promise<{ created: number; through: number }> {
    const through = Number(todayInLondon(now).slice(0, 4)) + SPEND_PARTITION_YEARS_AHEAD;
    const created = await this.db.system(async (m) => {
      await m.query(`SET LOCAL lock_timeout = '10s'`);
      const [row] = await m.query(`SELECT create_spend_partitions($1) AS created`, [through]);
      return Number(row.created);
    });
    return { created, through };
  }

  /** The partitions, oldest first, with their row estimates (for operators and tests). */
  async list(): Promise<SpendPartition[]> {
    return this.db.system(async (m) => {
      const rows: { name: string; bound: string; rows: string }[] = await m.query(
        `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, greatest(c.reltuples, 0)::bigint AS rows
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'spend_entries'::regclass ORDER BY 2`,
      );
      return rows
        .map((r) => {
          const [, from, to] = /FROM \((.+)\) TO \('(.+)'\)/.exec(r.bound) ?? [];
          return { name: r.name, from: from === 'MINVALUE' ? null : from.replace(/'/g, ''), to, rows: Number(r.rows) };
        })
        .sort((a, b) => a.to.localeCompare(b.to));
    });
  }
}
