import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { ROOT } from './processes';

/** One line of the benchmark table: a figure, the reference measured in the same run, and the target. */
export interface BenchLine {
  what: string;
  figure: number | null;
  unit: string;
  reference: number | null;
  referenceWhat: string;
  /** figure / reference, or reference / figure for times (always "how close to the reference", 1 = equal). */
  ratio: number | null;
  target: string;
  pass: boolean | null;
  notes?: string;
  details?: Record<string, unknown>;
}

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  redis: string;
}

export async function describeMachine(db: Client, redisUrl: string): Promise<Machine> {
  const { rows } = await db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
  const settings: Record<string, string> = {};
  for (const name of ['shared_buffers', 'work_mem', 'max_connections', 'max_parallel_workers_per_gather', 'synchronous_commit', 'jit']) {
    settings[name] = (await db.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let redisVersion = 'unknown';
  try {
    await redis.connect();
    redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } catch {
    // Reported as unknown; the benchmark itself needs Redis and fails later with a clear message.
  } finally {
    redis.disconnect();
  }
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: rows[0].version,
    postgresSettings: settings,
    redis: redisVersion,
  };
}

const fmt = (n: number | null, unit: string) => {
  if (n === null || Number.isNaN(n)) return 'n/a';
  const digits = n >= 100 ? 0 : n >= 10 ? 1 : 2;
  return `${n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
};

/** The table as Markdown (printed, and pasted into the README). */
export function table(lines: BenchLine[]): string {
  const rows = [
    ['what', 'figure', 'reference (same run)', 'ratio', 'target', 'result'],
    ...lines.map((l) => [
      l.what,
      fmt(l.figure, l.unit),
      l.reference === null ? l.referenceWhat : `${fmt(l.reference, l.unit)} (${l.referenceWhat})`,
      l.ratio === null ? 'n/a' : `${(l.ratio * 100).toFixed(0)}%`,
      l.target,
      l.pass === null ? (l.figure === null ? 'not run' : 'info') : l.pass ? 'pass' : 'FAIL',
    ]),
  ];
  const [head, ...body] = rows;
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function machineLine(m: Machine): string {
  return `${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB; Node ${m.node}; PostgreSQL ${m.postgres} (shared_buffers ${m.postgresSettings.shared_buffers}); Redis ${m.redis}`;
}

export function writeResults(name: string, report: object): string {
  const dir = join(ROOT, 'test/bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
