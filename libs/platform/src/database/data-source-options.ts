import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming-strategy';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor = Function;

export interface SchemaRegistry {
  entities: Constructor[];
  migrations: Constructor[];
}

/** The one place TypeORM is configured; both apps, the CLI and the tests build on it. */
export function dataSourceOptions(url: string, schema: SchemaRegistry, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      // Bounded statements: a runaway query must not pin a pooled connection for ever.
      statement_timeout: 60_000,
      idle_in_transaction_session_timeout: 60_000,
      // No JIT: the portfolio and scan statements are costed high enough to be compiled, and
      // compiling took longer than running them (half a second per statement at scale).
      options: '-c jit=off',
      application_name: process.env.APP_NAME ?? 'kpi-tracker',
    },
  };
}
