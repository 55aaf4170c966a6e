import { Injectable, Logger, OnModuleDestroy, SetMetadata } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import type { RateLimitSetting } from '../auth/token.service';

export interface RateLimitPolicy {
  requests: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  policy: RateLimitPolicy;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export const RATE_LIMIT_BOUNDS = { requests: { min: 1, max: 1_000_000 }, windowSeconds: { min: 1, max: 3600 } } as const;

const within = (value: unknown, bounds: { min: number; max: number }): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= bounds.min && value <= bounds.max;

type Limiter = RateLimiterRedis | RateLimiterMemory;

export const ADMIN_ALLOWANCE_KEY = 'rateLimitAdminAllowance';
/**
 * Marks a read that administrators need in order to change the limit (it gives them the ETag):
 * for admin tokens it gets the administration allowance, like every `admin` route.
 */
export const AdminAllowance = () => SetMetadata(ADMIN_ALLOWANCE_KEY, true);

/**
 * Requests per token in fixed windows, counted in one shared store so that every api replica
 * enforces the same allowance. With `RATE_LIMIT_STORE=redis` (the default) counters live in Redis
 * (one atomic script call per request); while Redis is unreachable each process falls back to its
 * own in-memory counters (rate-limiter-flexible's insurance limiter), so the api keeps serving and
 * the limit degrades to "per replica" rather than failing open or closed. `memory` keeps counters
 * per process only (one replica, or no Redis).
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly log = new Logger('RateLimiter');
  private readonly limiters = new Map<string, Limiter>();
  private redis: Redis | null = null;
  /** Settles when the first connection is ready (or gave up), so the first requests count in Redis too. */
  private firstConnection: Promise<void> | null = null;

  constructor(private readonly config: AppConfig) {}

  /** The organisation's own limit where it set a valid one, the configured default otherwise. */
  policyFor(setting: RateLimitSetting | null | undefined): RateLimitPolicy {
    return {
      requests: within(setting?.requests, RATE_LIMIT_BOUNDS.requests) ? setting.requests : this.config.rateLimitRequests,
      windowSeconds: within(setting?.windowSeconds, RATE_LIMIT_BOUNDS.windowSeconds) ? setting.windowSeconds : this.config.rateLimitWindowSeconds,
    };
  }

  /**
   * The policy for administration routes: never lower than the deployment's default, so an
   * organisation that set itself a tiny limit can still reach the route that raises it.
   */
  adminPolicyFor(setting: RateLimitSetting | null | undefined): RateLimitPolicy {
    const own = this.policyFor(setting);
    const floor = this.policyFor(null);
    return own.requests / own.windowSeconds >= floor.requests / floor.windowSeconds ? own : floor;
  }

  async take(key: string, policy: RateLimitPolicy): Promise<RateLimitDecision> {
    try {
      const limiter = this.limiterFor(policy);
      if (this.firstConnection) await this.firstConnection;
      const res = await limiter.consume(key, 1);
      return this.decision(true, policy, res);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.decision(false, policy, rejection);
      // Neither store answered (the insurance limiter only fails on a bug): serve rather than refuse.
      this.log.warn(`rate limit not counted: ${(rejection as Error).message}`);
      return { allowed: true, policy, remaining: policy.requests, resetSeconds: policy.windowSeconds };
    }
  }

  /** RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers), plus Retry-After when refused. */
  static headers(decision: RateLimitDecision): Record<string, string> {
    const headers: Record<string, string> = {
      'ratelimit-policy': `"per-token";q=${decision.policy.requests};w=${decision.policy.windowSeconds}`,
      ratelimit: `"per-token";r=${decision.remaining};t=${decision.resetSeconds}`,
    };
    if (!decision.allowed) headers['retry-after'] = String(decision.resetSeconds);
    return headers;
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  private decision(allowed: boolean, policy: RateLimitPolicy, res: RateLimiterRes): RateLimitDecision {
    return { allowed, policy, remaining: Math.max(0, res.remainingPoints), resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  /** One limiter per policy; the policy is in the key prefix, so changing a limit starts fresh counts. */
  private limiterFor(policy: RateLimitPolicy): Limiter {
    const id = `${policy.requests}:${policy.windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = { points: policy.requests, duration: policy.windowSeconds, keyPrefix: `${this.config.queuePrefix}:ratelimit:${id}` };
      const memory = new RateLimiterMemory(options);
      limiter = this.config.rateLimitStore === 'redis' ? new RateLimiterRedis({ ...options, storeClient: this.client(), rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory;
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /** Connected on first use, so processes that never limit (the worker) hold no connection. */
  private client(): Redis {
    if (!this.redis) {
      // No offline queue and no retries per command: a request never waits for Redis to come back.
      this.redis = new Redis(this.config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: (attempt) => Math.min(attempt * 200, 2000) });
      this.redis.on('error', () => undefined);
      const redis = this.redis;
      this.firstConnection = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        timer.unref();
        redis.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.redis;
  }
}
