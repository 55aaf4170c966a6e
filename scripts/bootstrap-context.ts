import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, PlatformModule, workerConfig } from '@app/platform';
import { SCHEMA } from '@app/schema';

/**
 * A Nest context with the platform only, for command-line tools; quiet so stdout stays JSON.
 * Operator tools work across organisations, so they connect as the worker's role.
 */
export async function cliContext(config: AppConfig, imports: unknown[] = []): Promise<INestApplicationContext> {
  @Module({ imports: [PlatformModule.forRoot(workerConfig(config), SCHEMA), ...(imports as never[])] })
  class CliModule {}
  return NestFactory.createApplicationContext(CliModule, { logger: false, abortOnError: false });
}
