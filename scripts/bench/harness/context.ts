import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { AppConfig, loadConfig, PlatformModule, systemActor, TokenService } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { prepareDatabase } from '../../db-prepare';
import { databaseUrl, readSeedInfo, SCALE_DEFAULTS, SeedInfo } from '../../scale/seed-info';

/** Everything a benchmark line needs to know about the scale database. */
export interface BenchContext {
  database: string;
  config: AppConfig;
  ownerUrl: string;
  appUrl: string;
  workerUrl: string;
  owner: Client;
  seed: SeedInfo;
  /** The largest organisation (5,000 projects at full size) and an admin token for it. */
  organisationId: string;
  token: string;
  /** Active projects of the largest organisation, for reads and spend. */
  projectIds: string[];
  /** Env for the api and worker processes against the scale database. */
  processEnv: Record<string, string>;
  close(): Promise<void>;
}

const log = (line: string) => console.log(`[bench] ${line}`);

/**
 * Opens the scale database seeded by `npm run seed:scale`, applies any migration added since (the
 * index migrations among them), and mints an admin token for the largest organisation through
 * TokenService (revoked again on close).
 */
export async function openBench(database = process.env.BENCH_DATABASE ?? SCALE_DEFAULTS.database): Promise<BenchContext> {
  const base = loadConfig();
  const ownerUrl = databaseUrl(base.migrationDatabaseUrl, database);
  const appUrl = databaseUrl(base.databaseUrl, database);
  const workerUrl = databaseUrl(base.workerDatabaseUrl, database);
  const owner = new Client({ connectionString: ownerUrl, application_name: 'bench' });
  try {
    await owner.connect();
  } catch (error) {
    throw new Error(`cannot open ${database} (${(error as Error).message}): run npm run seed:scale first`);
  }
  const seed = await readSeedInfo(owner);
  if (!seed) throw new Error(`${database} was not made by seed:scale (no seed description on the database): run npm run seed:scale first`);
  await prepareDatabase(ownerUrl, (line) => log(`${database}: ${line}`));
  // Statistics for anything a migration just indexed, and the dead row versions of earlier runs gone,
  // as autovacuum would have them between two nights (the test machines run PostgreSQL without it, and
  // each scan benchmark left a rewritten read model behind: the next read twice as many row versions).
  await owner.query('VACUUM (ANALYZE)');

  const config = loadConfig(process.env, { databaseUrl: appUrl, migrationDatabaseUrl: ownerUrl, workerDatabaseUrl: workerUrl, logLevel: 'warn' } as Partial<AppConfig>);
  @Module({ imports: [PlatformModule.forRoot(config, SCHEMA)] })
  class TokenModule {}
  const app: INestApplicationContext = await NestFactory.createApplicationContext(TokenModule, { logger: false });
  const organisationId = seed.largestOrganisationId;
  const actor = systemActor(organisationId, 'benchmark');
  const created = await app.get(TokenService).create(actor, { name: `benchmark ${new Date().toISOString()}`, scopes: ['admin'] });
  const { rows } = await owner.query<{ id: string }>(
    `SELECT id FROM projects WHERE organisation_id = $1 AND status = 'active' ORDER BY code LIMIT 2000`,
    [organisationId],
  );
  return {
    database,
    config,
    ownerUrl,
    appUrl,
    workerUrl,
    owner,
    seed,
    organisationId,
    token: created.token,
    projectIds: rows.map((r) => r.id),
    processEnv: {
      DATABASE_URL: appUrl,
      MIGRATION_DATABASE_URL: ownerUrl,
      WORKER_DATABASE_URL: workerUrl,
      REDIS_URL: base.redisUrl,
      QUEUE_PREFIX: `bench${process.pid}`,
      BENCH_ROUTES: 'true',
      OUTBOX_POLL_MS: '100',
      // Far from now: the benchmark starts its own scans and must not meet the nightly one.
      GOVERNANCE_SCAN_CRON: '0 3 29 2 *',
      BENCHMARK_CRON: '0 4 29 2 *',
      // 32 connections from one token would otherwise meet the per-token rate limit within a second.
      RATE_LIMIT_REQUESTS: '1000000',
    },
    close: async () => {
      await app.get(TokenService).revoke(actor, created.id).catch(() => undefined);
      await app.close();
      await owner.end();
    },
  };
}
