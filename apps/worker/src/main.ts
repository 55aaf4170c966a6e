import 'reflect-metadata';
import { closeOnSignals, ConfigError, createLifecyclePino, loadConfig, preflight } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await preflight(config, SCHEMA.migrations.length);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const app = await createWorker(config);
  const log = createLifecyclePino(config.logLevel, 'worker');
  // Signals first: init starts the processors, so a SIGTERM from then on (even mid-start) must end
  // in a clean shutdown, not the default kill.
  let started: Promise<unknown> = Promise.resolve();
  closeOnSignals(
    async () => {
      await started.catch(() => undefined);
      await app.close();
    },
    config.shutdownTimeoutMs,
    (message) => log.info(message),
  );
  started = app.init();
  await started;
  log.info(`worker running: queues under prefix "${config.queuePrefix}", governance scan at cron "${config.governanceScanCron}", heartbeat every ${config.heartbeatEveryMs} ms`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `worker failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
