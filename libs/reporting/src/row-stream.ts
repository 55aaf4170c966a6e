import type { Socket } from 'node:net';
import { Query } from 'pg';
import type { PoolClient } from 'pg';
import type { TenantTx } from '@app/platform';

/**
 * Runs one statement in the transaction and hands each row over as PostgreSQL sends it, instead of
 * collecting every row first: a large answer goes on to the client while the database is still
 * sending the rest, so the two transfers overlap rather than add up. When `onRow` returns a
 * promise (the client is slower than the database), the connection's socket is paused until it
 * settles, so rows never pile up in memory. A row that throws ends the statement's use: the rest is
 * read and dropped, and the promise rejects with that error.
 */
export function eachRow<R>(tx: TenantTx, sql: string, params: unknown[], onRow: (row: R) => void | Promise<void>): Promise<void> {
  // The transaction's own connection (TypeORM's query runner holds it for the transaction).
  const client = (tx.manager.queryRunner as unknown as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!client) return Promise.reject(new Error('eachRow needs a transaction with its own connection'));
  const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
  return new Promise<void>((resolve, reject) => {
    let failed: unknown = null;
    let waiting = 0;
    let ended = false;
    const settle = () => {
      if (!ended || waiting > 0) return;
      if (failed) reject(failed);
      else resolve();
    };
    const held = (promise: Promise<void>) => {
      if (waiting++ === 0) socket.pause();
      const release = () => {
        if (--waiting === 0) socket.resume();
        settle();
      };
      promise.then(release, (error: unknown) => {
        failed ??= error;
        release();
      });
    };
    const query = new Query(sql, params);
    query.on('row', (row: R) => {
      if (failed) return;
      try {
        const next = onRow(row);
        if (next) held(next);
      } catch (error) {
        failed = error;
      }
    });
    query.on('error', (error: Error) => {
      failed ??= error;
      ended = true;
      settle();
    });
    query.on('end', () => {
      ended = true;
      settle();
    });
    client.query(query);
  });
}
