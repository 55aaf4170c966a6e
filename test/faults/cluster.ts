import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** The compiled tree this runner belongs to (apps/, scripts/ beside test/), so the processes run the code under test. */
export const BUILD = join(__dirname, '../..');

/** PostgreSQL refuses to run as root: run its binaries as the postgres user when we are root. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args]] : [join(PG_BIN, cmd), args];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}

/** A private temporary folder that the postgres user owns when we run as root (its servers refuse root). */
export function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  return dir;
}

/** A throw-away PostgreSQL cluster on its own port, which the scenarios may restart at will. */
export class Postgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<Postgres> {
    const dir = ownedTempDir('kpi-faults-pg-');
    const [cmd, args] = asPostgres('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    execFileSync(cmd, args, { stdio: 'ignore' });
    const pg = new Postgres(dir, await freePort());
    pg.ctl(['start', '-w']);
    return pg;
  }

  /** A streaming replica of `primary` (pg_basebackup -R), read-only, on a port of its own. */
  static async replicaOf(primary: Postgres): Promise<Postgres> {
    const dir = ownedTempDir('kpi-replica-pg-');
    const [cmd, args] = asPostgres('pg_basebackup', ['-D', join(dir, 'data'), '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-R', '-X', 'stream', '--no-sync']);
    execFileSync(cmd, args, { stdio: 'ignore' });
    const replica = new Postgres(dir, await freePort());
    replica.ctl(['start', '-w']);
    return replica;
  }

  ctl(args: string[]): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
    const [cmd, full] = asPostgres('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', options, '-t', '60', ...args]);
    execFileSync(cmd, full, { stdio: 'ignore' });
  }

  restart(mode: 'fast' | 'immediate'): void {
    this.ctl(['restart', '-m', mode, '-w']);
  }

  url(user: string, database = 'kpi_faults'): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  stop(): void {
    try {
      this.ctl(['stop', '-m', 'immediate', '-w']);
    } catch {
      /* already down */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Redis of our own, persisted with an append-only file so a kill loses no queued job. */
export class Redis {
  child: ChildProcess | null = null;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<Redis> {
    const redis = new Redis(mkdtempSync(join(tmpdir(), 'kpi-faults-redis-')), await freePort());
    await redis.launch();
    return redis;
  }

  async launch(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'ignore' });
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error('redis did not start');
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async kill(): Promise<void> {
    const child = this.child as ChildProcess;
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }

  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child?.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGCONT');
      await this.kill();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A built entry point (apps/.../main.js) as a real process; its output is kept for the log check. */
export class Service {
  child: ChildProcess;
  output = '';

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
  ) {
    this.child = this.spawn();
  }

  private spawn(): ChildProcess {
    const child = spawn(process.execPath, [join(BUILD, this.entry)], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    return child;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  restart(): void {
    this.child = this.spawn();
  }

  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    if (!this.alive) return { code: this.child.exitCode, ms: 0 };
    const exited = once(this.child, 'exit');
    this.child.kill(signal);
    const [code] = await exited;
    return { code: code as number | null, ms: Date.now() - started };
  }

  /** Lines that show a crash or an error nobody handled. */
  unhandled(): string[] {
    return this.output.split('\n').filter((line) => /unhandled|uncaught|FATAL|"level":60|ERR_UNHANDLED/i.test(line));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, intervalMs = 250): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) return null;
    await sleep(intervalMs);
  }
}

export function ownerPool(pg: Postgres): Pool {
  const pool = new Pool({ connectionString: pg.url('postgres'), max: 2 });
  pool.on('error', () => undefined);
  return pool;
}
