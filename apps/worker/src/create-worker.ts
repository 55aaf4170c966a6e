import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, createPino, PinoNestLogger } from '@app/platform';
import { WorkerModule } from './worker.module';

export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new PinoNestLogger(createPino(config.logLevel, 'worker')), abortOnError: false });
  app.enableShutdownHooks([]);
  return app;
}
