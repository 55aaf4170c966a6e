import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starts the api and the worker as two processes (and, with --demo, the local identity provider the
 * demo people sign in through and the local email capture), forwards signals, and stops all if one dies.
 */
const demo = process.argv.includes('--demo');
const entries = ['apps/api/src/main.js', 'apps/worker/src/main.js', ...(demo ? ['scripts/demo/identity-provider-main.js', 'scripts/demo/mail-outbox-main.js'] : [])];
// The demo sends its email to the local capture (scripts/demo/mail-outbox-main.ts) unless SMTP is configured.
const env = demo && !process.env.SMTP_HOST ? { ...process.env, SMTP_HOST: '127.0.0.1', SMTP_PORT: process.env.DEMO_SMTP_PORT ?? '1025', SMTP_SECURITY: 'none', EMAIL_POLL_MS: '3000' } : process.env;
const children: ChildProcess[] = entries.map((entry) => spawn(process.execPath, [join(__dirname, '..', entry)], { stdio: 'inherit', env }));
let stopping = false;
const stopAll = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(signal));
let remaining = children.length;
for (const child of children) {
  child.on('exit', (code) => {
    if (!stopping && code !== 0) {
      process.exitCode = code ?? 1;
      stopAll('SIGTERM');
    }
    if (--remaining === 0) process.exit(process.exitCode ?? 0);
  });
}
