import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: {
    database: { status: 'up' | 'down'; error?: string };
    redis: { status: 'up' | 'down'; error?: string };
    worker: { status: 'up' | 'stale' | 'unknown'; lastHeartbeatAt: string | null; ageSeconds: number | null };
  };
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref())]);
}

/** Readiness for the load balancer: PostgreSQL and Redis must answer; the worker's age is reported. */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly db: Db,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    // Its own client that never queues commands while offline, so a Redis outage answers at once.
    this.redis = new Redis(config.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: CHECK_TIMEOUT_MS, retryStrategy: () => 1000 });
    this.redis.on('error', () => undefined);
    this.redis.connect().catch(() => undefined);
  }

  async readiness(): Promise<Readiness> {
    const [database, redis, worker] = await Promise.all([this.checkDatabase(), this.checkRedis(), this.checkWorker()]);
    return { status: database.status === 'up' && redis.status === 'up' ? 'ok' : 'unavailable', checks: { database, redis, worker } };
  }

  private async checkDatabase(): Promise<Readiness['checks']['database']> {
    try {
      await withTimeout(this.db.dataSource.query('SELECT 1'), 'PostgreSQL');
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }

  private async checkRedis(): Promise<Readiness['checks']['redis']> {
    try {
      await withTimeout(this.redis.ping(), 'Redis');
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }

  private async checkWorker(): Promise<Readiness['checks']['worker']> {
    try {
      const rows: Array<{ ran_at: Date | null; age: number | null }> = await withTimeout(
        this.db.dataSource.query(`SELECT max(ran_at) AS ran_at, extract(epoch FROM now() - max(ran_at))::float8 AS age FROM worker_heartbeats`),
        'PostgreSQL',
      );
      const { ran_at, age } = rows[0];
      if (!ran_at || age === null) return { status: 'unknown', lastHeartbeatAt: null, ageSeconds: null };
      const stale = age * 1000 > this.config.heartbeatEveryMs * 3;
      return { status: stale ? 'stale' : 'up', lastHeartbeatAt: ran_at.toISOString(), ageSeconds: Math.round(age) };
    } catch {
      return { status: 'unknown', lastHeartbeatAt: null, ageSeconds: null };
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
