import 'reflect-metadata';
import { closeOnSignals, ConfigError, createLifecyclePino, loadConfig, preflight } from '@app/platform';
import { SCHEMA } from '../../../migrations/schema';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await preflight(config, SCHEMA.migrations.length);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const app = await createWorker(config);
  await app.init();
  const log = createLifecyclePino(config.logLevel, 'worker');
  log.info(`worker running: queues under prefix "${config.queuePrefix}", governance scan at cron "${config.governanceScanCron}", heartbeat every ${config.heartbeatEveryMs} ms`);
  closeOnSignals(() => app.close(), config.shutdownTimeoutMs, (message) => log.info(message));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `worker failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
