import 'reflect-metadata';
import { ConfigError, closeOnSignals, loadConfig, preflight } from '@app/platform';
import { SCHEMA } from '../../../migrations/schema';
import { closeApiApp, createApiApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const problem = await preflight(config, SCHEMA.migrations.length);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  console.log(JSON.stringify({ level: 30, service: 'api', msg: `api listening on http://${config.host}:${config.port} (docs at /docs)` }));
  closeOnSignals(() => closeApiApp(app), config.shutdownTimeoutMs, (message) => console.log(JSON.stringify({ level: 30, service: 'api', msg: message })));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `api failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
