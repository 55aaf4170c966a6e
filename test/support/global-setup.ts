import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { prepareDatabase } from '../../scripts/db-prepare';
import { ownerUrl, withAdminClient } from './test-db';

/**
 * Once per run: migrate a template database (the real migrations, as the owner role), and build
 * dist/ so tests that start the real processes run the code under test.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `kpi_test_${Date.now().toString(36)}_${process.pid}`;
  const template = `${runId}_template`;
  process.env.KPI_TEST_RUN_ID = runId;
  process.env.KPI_TEST_TEMPLATE_DB = template;
  await withAdminClient(async (client) => {
    // Databases left by runs that crashed more than a day ago.
    const stale = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'kpi_test_%' AND coalesce((pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification, now()) < now() - interval '1 day'`,
    );
    for (const { datname } of stale.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
  await prepareDatabase(ownerUrl(template), () => undefined);
  execFileSync(process.execPath, [join(__dirname, '../../node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', 'migrations', 'scripts', '-d', 'dist', '--copy-files', '--quiet'], {
    cwd: join(__dirname, '../..'),
    stdio: 'inherit',
  });
}
