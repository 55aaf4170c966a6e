import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createPino, PinoNestLogger, workerConfig } from '@app/platform';
import { WorkerModule } from './worker.module';

export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  // Cross-organisation jobs run as the worker's role, which row-level security does not bind.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(workerConfig(config)), { logger: new PinoNestLogger(createPino(config.logLevel, 'worker')), abortOnError: false });
  return app;
}
