import Redis from 'ioredis';
import { Client } from 'pg';
import { AppConfig, redactUrl } from '../config/app-config';

/**
 * Checks before boot that PostgreSQL (migrated) and Redis answer, and returns one line saying what
 * to start or set when they do not: a newcomer should not have to read a stack trace.
 */
export async function preflight(config: AppConfig, expectedMigrations: number, needRedis = true): Promise<string | null> {
  const client = new Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const rows = await client.query<{ applied: number }>(`SELECT count(*)::int AS applied FROM schema_migrations`).catch(() => ({ rows: [{ applied: 0 }] }));
    const applied = rows.rows[0].applied;
    if (applied < expectedMigrations) return `The database at ${redactUrl(config.databaseUrl)} has ${applied} of ${expectedMigrations} migrations: run \`npm run db:prepare\`.`;
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code === '3D000') return `The database in DATABASE_URL (${redactUrl(config.databaseUrl)}) does not exist: run \`npm run db:prepare\`.`;
    if (e.code === '28000' || e.code === '28P01') return `PostgreSQL refused the login in DATABASE_URL (${redactUrl(config.databaseUrl)}): run \`npm run db:prepare\` to create the application role, or set DATABASE_URL.`;
    return `PostgreSQL is not reachable at ${redactUrl(config.databaseUrl)} (${e.code ?? e.message}): start it (\`docker compose up -d postgres\`, or pg_ctlcluster) or set DATABASE_URL.`;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (!needRedis) return null;
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    return `Redis is not reachable at ${redactUrl(config.redisUrl)} (${(error as Error).message}): start it (\`docker compose up -d redis\`, or redis-server) or set REDIS_URL.`;
  } finally {
    redis.disconnect();
  }
  return null;
}
