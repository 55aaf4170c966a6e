import { Client, Pool } from 'pg';

/** Owner connection settings for tests; the local PostgreSQL trusts `postgres` on 127.0.0.1. */
export const PG_HOST = process.env.TEST_PG_HOST ?? '127.0.0.1';
export const PG_PORT = process.env.TEST_PG_PORT ?? '5432';
export const OWNER = process.env.TEST_PG_OWNER ?? 'postgres';
export const APP_ROLE = 'kpi_tracker_app';

export const ownerUrl = (database: string): string => `postgres://${OWNER}@${PG_HOST}:${PG_PORT}/${database}`;
export const appUrl = (database: string): string => `postgres://${APP_ROLE}@${PG_HOST}:${PG_PORT}/${database}`;
/** The worker's role: BYPASSRLS, for cross-organisation jobs. */
export const workerUrl = (database: string): string => `postgres://kpi_tracker_worker@${PG_HOST}:${PG_PORT}/${database}`;

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ownerUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A fresh database cloned from the run's migrated template: isolation in milliseconds. */
export async function cloneTemplate(): Promise<string> {
  const template = process.env.KPI_TEST_TEMPLATE_DB;
  const runId = process.env.KPI_TEST_RUN_ID;
  if (!template || !runId) throw new Error('test databases need jest globalSetup (test/support/global-setup.ts)');
  // The counter restarts in every test file (jest isolates modules), so a random part keeps names apart.
  const name = `${runId}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 6)}`;
  await withAdminClient(async (client) => {
    // CREATE DATABASE ... TEMPLATE fails if another session is connected to the template; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        if (attempt > 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return name;
}

/**
 * Drops a test database. `pool.end()` resolves before its sockets have closed, so sessions the
 * test has just ended may still be open for a moment: waiting for them to go first means FORCE
 * only ends connections a test really left behind, instead of racing ones already closing (pg
 * then reports 57P01 "terminating connection due to administrator command" to a client that has
 * no error handler any more, an unhandled error in whichever test runs next).
 */
export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient(async (client) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const open = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
      if (open.rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** A pool on a test database; its idle connections ending when the database is dropped is expected. */
export function testPool(database: string, max = 2): Pool {
  const pool = new Pool({ connectionString: ownerUrl(database), max });
  pool.on('error', () => undefined);
  return pool;
}
