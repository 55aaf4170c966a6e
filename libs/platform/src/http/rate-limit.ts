import { Injectable, OnModuleDestroy } from '@nestjs/common';
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

interface Window {
  startedAt: number;
  endsAt: number;
  count: number;
}

export const RATE_LIMIT_BOUNDS = { requests: { min: 1, max: 1_000_000 }, windowSeconds: { min: 1, max: 3600 } } as const;

const within = (value: unknown, bounds: { min: number; max: number }): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= bounds.min && value <= bounds.max;

/**
 * Requests per token in fixed windows, counted in this process's memory. Redis stays off the
 * request path (the api keeps serving while it is down) and PostgreSQL is not asked to write once
 * per request; the price is that N replicas allow up to N times the limit in the worst case
 * (a load balancer spreading one token evenly gives about the limit). See docs/RELIABILITY.md.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly config: AppConfig) {
    // Forget finished windows so memory follows the number of active tokens, not of all tokens ever seen.
    this.sweeper = setInterval(() => this.sweep(Date.now()), 60_000);
    this.sweeper.unref();
  }

  /** The organisation's own limit where it set a valid one, the configured default otherwise. */
  policyFor(setting: RateLimitSetting | null | undefined): RateLimitPolicy {
    return {
      requests: within(setting?.requests, RATE_LIMIT_BOUNDS.requests) ? setting.requests : this.config.rateLimitRequests,
      windowSeconds: within(setting?.windowSeconds, RATE_LIMIT_BOUNDS.windowSeconds) ? setting.windowSeconds : this.config.rateLimitWindowSeconds,
    };
  }

  take(key: string, policy: RateLimitPolicy, now = Date.now()): RateLimitDecision {
    const windowMs = policy.windowSeconds * 1000;
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + windowMs) {
      window = { startedAt: now, endsAt: now + windowMs, count: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000));
    if (window.count >= policy.requests) return { allowed: false, policy, remaining: 0, resetSeconds };
    window.count++;
    return { allowed: true, policy, remaining: policy.requests - window.count, resetSeconds };
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

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now >= window.endsAt) this.windows.delete(key);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
