import autocannon from 'autocannon';
import { percentile } from './report';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
}

type RequestShape = { method?: string; path: string; headers?: Record<string, string>; body?: string };

/**
 * Autocannon against one route: `next()` shapes each request (a different project id, a fresh
 * Idempotency-Key). A short warm-up first, so the JIT and the connection pools are not measured.
 */
export async function hammer(base: string, token: string, next: () => RequestShape, options: { connections: number; seconds: number; warmupSeconds?: number }): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: options.connections,
      duration,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const shape = next();
            return { ...request, method: (shape.method ?? 'GET') as 'GET', path: shape.path, body: shape.body, headers: { ...request.headers, ...(shape.headers ?? {}) } };
          },
        },
      ],
    });
  if (options.warmupSeconds) await run(options.warmupSeconds);
  const result = await run(options.seconds);
  const codes: Record<string, number> = {};
  for (const [key, value] of Object.entries(result.statusCodeStats ?? {})) codes[key] = (value as { count: number }).count;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: codes,
    seconds: result.duration,
  };
}

/**
 * The same shape of load without HTTP: `concurrency` loops each running `work` back to back for
 * `seconds`, timing every call. Used for the raw-pg references.
 */
export async function loop(work: () => Promise<void>, options: { concurrency: number; seconds: number; warmupSeconds?: number }): Promise<{ perSecond: number; p50Ms: number; p99Ms: number; count: number }> {
  const once = async (seconds: number) => {
    const latencies: number[] = [];
    const deadline = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (Date.now() < deadline) {
          const t = process.hrtime.bigint();
          await work();
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    return { perSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), count: latencies.length };
  };
  if (options.warmupSeconds) await once(options.warmupSeconds);
  return once(options.seconds);
}

/** Times `work` `runs` times one after another (after `warmup` untimed runs); latencies in ms. */
export async function timed(work: () => Promise<void>, runs: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await work();
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return latencies;
}
