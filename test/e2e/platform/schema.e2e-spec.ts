import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { cloneTemplate, dropDatabase, ownerUrl } from '@test/support/test-db';

/** The migrations must build exactly the schema the entities describe: no drift either way. */
describe('schema', () => {
  let database: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await cloneTemplate();
    dataSource = await new DataSource(dataSourceOptions(ownerUrl(database), SCHEMA, 1)).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(database);
  });

  it('has no drift between entities and migrations', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    // TypeORM's schema reader looks up the types of array columns concurrently on its one
    // connection (its code, run only here); that warning is not the application's, so it is dropped.
    await new Promise((resolve) => setImmediate(resolve));
    const warnings = (globalThis as { __deprecationWarnings?: Error[] }).__deprecationWarnings ?? [];
    for (let i = warnings.length - 1; i >= 0; i--) if (/getUserDefinedTypeName/.test(warnings[i].stack ?? '')) warnings.splice(i, 1);
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('has applied every migration', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('names every constraint and index deterministically', async () => {
    // A partition's own copies of its table's constraints and indexes are named by PostgreSQL after
    // the partition; the table's, which the migrations name, are the ones checked.
    const rows = await dataSource.query(`
      SELECT conname AS name FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace LEFT JOIN pg_class t ON t.oid = c.conrelid
       WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'schema_migrations' AND NOT coalesce(t.relispartition, false)
      UNION ALL SELECT i.indexname FROM pg_indexes i JOIN pg_class t ON t.relname = i.tablename AND t.relnamespace = 'public'::regnamespace
       WHERE i.schemaname = 'public' AND i.tablename <> 'schema_migrations' AND NOT t.relispartition`);
    const unnamed = rows.map((r: { name: string }) => r.name).filter((name: string) => !/^(pk|fk|uq|idx|ck|ex)_/.test(name));
    expect(unnamed).toEqual([]);
  });
});
