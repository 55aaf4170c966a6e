import { once } from 'node:events';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Log = (line: string) => void;

/**
 * Streams generated rows into a table with COPY ... FREEZE, in about 1 MiB writes that respect
 * back-pressure, so memory stays flat however many rows there are. FREEZE needs the table emptied
 * in the same transaction; the database is new, so TRUNCATE only ever removes nothing (CASCADE
 * reaches tables that are loaded later). Rows arrive already frozen and all-visible: no VACUUM pass
 * over hundreds of millions of tuples before index-only scans work.
 */
export async function copyRows(client: Client, table: string, columns: string[], rows: Iterable<string>, log: Log): Promise<number> {
  const started = Date.now();
  let count = 0;
  let lastReport = started;
  await client.query('BEGIN');
  try {
    await client.query(`TRUNCATE "${table}" CASCADE`);
    // PostgreSQL cannot COPY FREEZE into a partitioned table (the ledger); the seed vacuums it after.
    const [{ partitioned }] = (await client.query<{ partitioned: boolean }>(`SELECT relkind = 'p' AS partitioned FROM pg_class WHERE oid = $1::regclass`, [table])).rows;
    const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN${partitioned ? '' : ' WITH (FREEZE)'}`));
    const finished = once(stream, 'finish');
    finished.catch(() => undefined);
    let buffer = '';
    for (const row of rows) {
      buffer += row;
      count++;
      if (buffer.length >= 1 << 20) {
        if (!stream.write(buffer)) await once(stream, 'drain');
        buffer = '';
        const now = Date.now();
        if (now - lastReport >= 10_000) {
          lastReport = now;
          log(`${table}: ${count.toLocaleString('en-GB')} rows (${Math.round((count * 1000) / (now - started)).toLocaleString('en-GB')} rows/s)`);
        }
      }
    }
    stream.end(buffer);
    await finished;
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const seconds = (Date.now() - started) / 1000;
  log(`${table}: ${count.toLocaleString('en-GB')} rows in ${seconds.toFixed(1)} s (${Math.round(count / Math.max(seconds, 0.001)).toLocaleString('en-GB')} rows/s)`);
  return count;
}

interface Deferred {
  table: string;
  name: string;
  create: string;
  drop: string;
}

/**
 * Indexes and unique/primary constraints on the big tables, dropped before the load and rebuilt
 * after it (one sort per index instead of millions of random inserts). Constraints that a foreign
 * key depends on stay. The definitions are read from the catalogue, so what is rebuilt is exactly
 * what the migrations made.
 */
export async function deferIndexes(client: Client, tables: string[]): Promise<Deferred[]> {
  const { rows: constraints } = await client.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      WHERE t.relname = ANY($1) AND c.contype IN ('p', 'u')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ table: string; name: string; def: string }>(
    `SELECT t.relname AS table, ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE t.relname = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  const deferred: Deferred[] = [
    ...constraints.map((c) => ({ table: c.table, name: c.name, create: `ALTER TABLE "${c.table}" ADD CONSTRAINT "${c.name}" ${c.def}`, drop: `ALTER TABLE "${c.table}" DROP CONSTRAINT "${c.name}"` })),
    // A partitioned table's index reads back as "ON ONLY" (the parent alone, left invalid): rebuild it on every partition.
    ...indexes.map((i) => ({ table: i.table, name: i.name, create: i.def.replace(' ON ONLY ', ' ON '), drop: `DROP INDEX "${i.name}"` })),
  ];
  for (const d of deferred) await client.query(d.drop);
  return deferred;
}

/** Deferred indexes, biggest tables first: a queue that several connections drain at once. */
export function indexQueue(deferred: Deferred[], order: string[]): Deferred[] {
  return [...deferred].sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
}

export async function rebuildIndexes(client: Client, queue: Deferred[], log: Log): Promise<void> {
  for (let d = queue.shift(); d; d = queue.shift()) {
    const started = Date.now();
    await client.query(d.create);
    log(`index ${d.name} on ${d.table}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
