import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '@app/platform';
import { createWorker } from '../../apps/worker/src/create-worker';

/** Starts a worker context in this process (its own Redis and PostgreSQL connections). */
export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const worker = await createWorker(config);
  await worker.init();
  return worker;
}

export const queueOf = (worker: INestApplicationContext, name: string): Queue => worker.get<Queue>(getQueueToken(name), { strict: false });

/** Removes everything a test put in Redis under its prefix. */
export async function obliterate(worker: INestApplicationContext, names: string[]): Promise<void> {
  for (const name of names) {
    const queue = queueOf(worker, name);
    await queue.pause(true).catch(() => undefined);
    await queue.obliterate({ force: true }).catch(() => undefined);
  }
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
