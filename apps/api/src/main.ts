import 'reflect-metadata';
import { ConfigError, closeOnSignals, createLifecyclePino, loadConfig, preflight, redactUrl } from '@app/platform';
import { SCHEMA } from '@app/schema';
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
  // One start-up line instead of Nest's line per route (those are at debug level).
  const log = createLifecyclePino(config.logLevel, 'api');
  const base = `http://${config.host}:${config.port}`;
  log.info({ database: redactUrl(config.databaseUrl) }, `api listening on ${base}: API docs ${base}/docs, board ${base}/board, readiness ${base}/health/ready`);
  closeOnSignals(() => closeApiApp(app), config.shutdownTimeoutMs, (message) => log.info(message));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : `api failed to start: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
