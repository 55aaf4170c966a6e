import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { Actor, OrganisationService, PlatformModule, systemActor, workerConfig } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { testConfig } from './test-app';
import { cloneTemplate, dropDatabase, testPool } from './test-db';

let orgCounter = 0;

/**
 * The service tier's world: the area modules under test on their own cloned database, with no
 * HTTP in front. Services are called directly (`ctx.get(SpendLedgerService).record(actor, ...)`),
 * data is arranged with the factories on the owner pool (`ctx.db`), and results are read back the
 * same way. `role: 'worker'` connects as the worker's role, for cross-organisation services such
 * as the governance scan.
 */
export class ServiceContext {
  private constructor(
    readonly app: INestApplicationContext,
    readonly database: string,
    readonly db: Pool,
  ) {}

  static async start(imports: unknown[], options: { role?: 'app' | 'worker' } = {}): Promise<ServiceContext> {
    const database = await cloneTemplate();
    const config = testConfig(database);
    @Module({ imports: [PlatformModule.forRoot(options.role === 'worker' ? workerConfig(config) : config, SCHEMA), ...(imports as never[])] })
    class ServiceTestModule {}
    const app = await NestFactory.createApplicationContext(ServiceTestModule, { logger: false, abortOnError: false });
    return new ServiceContext(app, database, testPool(database, 4));
  }

  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  /** A new organisation and an actor in it (every scope: permissions are the HTTP tier's concern). */
  async newOrganisation(): Promise<{ id: string; actor: Actor }> {
    const slug = `svc-${process.pid}-${++orgCounter}`;
    const created = await this.app.get(OrganisationService).create({ name: `Organisation ${slug}`, slug });
    return { id: created.organisation.id, actor: systemActor(created.organisation.id, 'service test') };
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.db.end();
    await dropDatabase(this.database);
  }
}
