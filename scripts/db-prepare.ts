import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfig, redactUrl } from '@app/platform';
import { SCHEMA } from '@app/schema';

/** Creates the database if it is missing and runs every pending migration, as the owner role. */
export async function prepareDatabase(ownerUrl: string, log: (line: string) => void = console.log): Promise<void> {
  const url = new URL(ownerUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(ownerUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${redactUrl(admin.toString())} (${(error as Error).message}): start it or set MIGRATION_DATABASE_URL.`);
  }
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      log(`created database ${database}`);
    }
  } finally {
    await client.end();
  }
  const dataSource = new DataSource(dataSourceOptions(ownerUrl, SCHEMA, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(applied.length ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}` : 'database is up to date');
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  prepareDatabase(loadConfig().migrationDatabaseUrl).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
