import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { prepareDatabase } from './db-prepare';

/**
 * Prints the SQL TypeORM would run to bring a database built by the committed migrations up to
 * the entities: the starting point for a new hand-written migration. Uses a scratch database.
 */
async function main(): Promise<void> {
  const scratch = `kpi_migration_draft_${process.pid}`;
  const base = process.env.MIGRATION_DRAFT_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratch}"`);
  try {
    await prepareDatabase(`${base}/${scratch}`, () => undefined);
    const ds = await new DataSource(dataSourceOptions(`${base}/${scratch}`, SCHEMA, 1)).initialize();
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    console.log(sql.upQueries.length ? sql.upQueries.map((q) => `${q.query};`).join('\n') : '-- no changes: the migrations match the entities');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
