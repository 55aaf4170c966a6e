import { withAdminClient } from './test-db';

/** Drops every database this run created. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.KPI_TEST_RUN_ID;
  if (!runId) return;
  await withAdminClient(async (client) => {
    const rows = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${runId}%`]);
    for (const { datname } of rows.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}
