import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The build the benchmark runs from (dist/, or the private copy npm run bench makes). */
export const BUILD = join(__dirname, '../../..');
/** The repository: the build is dist/ or node_modules/.cache/kpi-bench inside it. */
export const ROOT = BUILD.includes('/node_modules/') ? BUILD.slice(0, BUILD.indexOf('/node_modules/')) : join(BUILD, '..');

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}

export async function until<T>(probe: () => Promise<T | null>, timeoutMs: number, every = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Resident and peak memory of a process, in MiB, from /proc. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

export interface Started {
  api: ChildProcess;
  worker: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

/** Starts the real api and worker processes from the build, on 127.0.0.1, and waits until both are up. */
export async function startApiAndWorker(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const common = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env };
  const spawnNode = (entry: string, extra: Record<string, string> = {}) =>
    spawn(process.execPath, [join(BUILD, entry)], { env: { ...common, ...extra }, stdio: ['ignore', 'inherit', 'inherit'] });
  const api = spawnNode('apps/api/src/main.js', { PORT: String(port) });
  const worker = spawnNode('apps/worker/src/main.js');
  const base = `http://127.0.0.1:${port}`;
  const children = [api, worker];
  const stop = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : null)));
  };
  try {
    for (const child of children) child.once('exit', (code) => code && !stopping.has(child) && console.error(`[bench] a process exited with ${code}`));
    await until(async () => {
      if (api.exitCode !== null) throw new Error('the api exited during start-up');
      return (await fetch(`${base}/health/ready`)).ok ? true : null;
    }, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    api,
    worker,
    base,
    stop: async () => {
      children.forEach((c) => stopping.add(c));
      await stop();
    },
  };
}
const stopping = new WeakSet<ChildProcess>();

/** Runs a node script from the build to completion, its output passed through; rejects on failure. */
export async function runScript(entry: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [join(BUILD, entry)], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${entry} exited with ${code}`);
}

/** Runs an npm script of the repository to completion (output passed through); rejects on failure. */
export async function runNpmScript(script: string, env: Record<string, string>): Promise<void> {
  const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, env: { ...process.env, NPM_CONFIG_LOGLEVEL: 'error', ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`npm run ${script} exited with ${code}`);
}
