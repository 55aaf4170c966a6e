import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starts the api and the worker as two processes (and, with --demo, the local identity provider the
 * demo people sign in through), forwards signals, and stops all if one dies.
 */
const entries = ['apps/api/src/main.js', 'apps/worker/src/main.js', ...(process.argv.includes('--demo') ? ['scripts/demo/identity-provider-main.js'] : [])];
const children: ChildProcess[] = entries.map((entry) =>
  spawn(process.execPath, [join(__dirname, '..', entry)], { stdio: 'inherit', env: process.env }),
);
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
