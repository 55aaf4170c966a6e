import 'reflect-metadata';
import { closeOnSignals, ConfigError, loadConfig, preflight } from '@app/platform';
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
  console.log(JSON.stringify({ level: 30, service: 'worker', msg: `worker running (queue prefix ${config.queuePrefix})` }));
  closeOnSignals(() => app.close(), config.shutdownTimeoutMs, (message) => console.log(JSON.stringify({ level: 30, service: 'worker', msg: message })));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `worker failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
