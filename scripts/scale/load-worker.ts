import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Client } from 'pg';
import { copyRows, Log } from './copy';
import { makePlan, Plan, ScaleOptions } from './plan';
import { TABLES } from './tables';

/**
 * Generating rows costs about as much CPU as PostgreSQL spends storing them, so each group of tables
 * is generated on its own thread with its own connection: on two cores, the two generators and the
 * two COPY backends keep both busy. Each thread rebuilds the (deterministic) plan itself.
 */
export interface LoadJob {
  url: string;
  options: ScaleOptions;
  tables: string[];
}

export async function connectForLoad(url: string, log: Log): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'seed-scale' });
  client.on('error', (error) => log(`connection error: ${error.message}`));
  await client.connect();
  // Bulk load into a new database: skip per-row foreign-key triggers (the generator only makes
  // consistent references), do not wait for WAL flushes, and give index builds room to sort.
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET maintenance_work_mem = '512MB'`);
  await client.query(`SET work_mem = '256MB'`);
  await client.query(`SET max_parallel_maintenance_workers = 0`);
  await client.query(`SET statement_timeout = 0`);
  return client;
}

export async function loadTables(client: Client, plan: Plan, tables: string[], log: Log): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const source = TABLES[table];
    if (!source) throw new Error(`no generator for ${table}`);
    counts[table] = await copyRows(client, table, source.columns, source.rows(plan), log);
  }
  return counts;
}

/** Runs a load job on a worker thread; resolves with the row counts per table. */
export function loadOnThread(job: LoadJob): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load thread exited with ${code}`)));
  });
}

if (!isMainThread && parentPort) {
  const job = workerData as LoadJob;
  const log: Log = (line) => console.log(`[seed:scale ${new Date().toISOString().slice(11, 19)}] ${line}`);
  (async () => {
    const client = await connectForLoad(job.url, log);
    try {
      parentPort?.postMessage(await loadTables(client, makePlan(job.options), job.tables, log));
    } finally {
      await client.end();
    }
  })().catch((error: Error) => {
    console.error(`[seed:scale] load thread failed: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
