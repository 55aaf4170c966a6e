import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import request from 'supertest';
import { AppConfig, loadConfig, OrganisationService, Scope, TokenService, systemActor } from '@app/platform';
import { createApiApp } from '../../apps/api/src/create-app';
import { cliContext } from '../../scripts/bootstrap-context';
import { appUrl, cloneTemplate, dropDatabase, ownerUrl, workerUrl } from './test-db';
import { checkedAgainst, OpenApiContract } from './openapi-contract';
import type { OpenApiDocument } from '@app/platform';

export interface TestOrg {
  id: string;
  slug: string;
  adminToken: string;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Client = Record<Method, (url: string) => request.Test>;

let orgCounter = 0;

/**
 * One test file's world: its own database cloned from the migrated template, the real api on it
 * (connected as the application role), an owner pool for assertions, and factories.
 */
export class TestContext {
  private readonly systemApps: INestApplicationContext[] = [];

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly database: string,
    /** Owner connection, for assertions and for arranging states the API refuses to create. */
    readonly db: Pool,
    /** The served OpenAPI document: every response a client of this context gets is checked against it. */
    readonly contract: OpenApiContract,
  ) {}

  /** `apiRole: 'worker'` connects the api as the worker's role, which row-level security does not bind (abuse tests). */
  static async start(overrides: Partial<AppConfig> = {}, options: { apiRole?: 'app' | 'worker' } = {}): Promise<TestContext> {
    const database = await cloneTemplate();
    const config = testConfig(database, { ...(options.apiRole === 'worker' ? { databaseUrl: workerUrl(database) } : {}), ...overrides });
    const app = await createApiApp(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const pool = new Pool({ connectionString: ownerUrl(database), max: 4 });
    // Dropping the database at the end terminates idle connections; that is expected, not a failure.
    pool.on('error', () => undefined);
    const served = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs/openapi.json' });
    return new TestContext(app, config, database, pool, new OpenApiContract(served.json() as OpenApiDocument));
  }

  /** An HTTP client with no token. */
  anonymous(): Client {
    return this.client();
  }

  /**
   * GET /health/ready until it answers 200 (or 20 s pass), returning the last answer. Readiness
   * opens connections of its own, each check allowed 2 s, so on a busy machine one check may time out.
   */
  async readiness(): Promise<request.Response> {
    let ready = await this.anonymous().get('/health/ready');
    for (const deadline = Date.now() + 20_000; ready.status !== 200 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 500));
      ready = await this.anonymous().get('/health/ready');
    }
    return ready;
  }

  /** An HTTP client sending the given bearer token. */
  as(token: string): Client {
    return this.client((test) => test.set('authorization', `Bearer ${token}`));
  }

  private client(decorate: (t: request.Test) => request.Test = (t) => t): Client {
    const agent = request(this.app.getHttpServer());
    const make = (method: Method) => (url: string) => checkedAgainst(this.contract, method, url, decorate(agent[method](url)));
    return { get: make('get'), post: make('post'), put: make('put'), patch: make('patch'), delete: make('delete') };
  }

  async newOrganisation(name?: string): Promise<TestOrg> {
    const slug = `org-${process.pid}-${++orgCounter}`;
    const created = await this.app.get(OrganisationService).create({ name: name ?? `Organisation ${orgCounter}`, slug });
    return { id: created.organisation.id, slug, adminToken: created.token };
  }

  /** A token for the organisation with exactly these scopes. */
  async token(org: TestOrg, scopes: Scope[], name = `test ${scopes.join(' ')}`): Promise<string> {
    const created = await this.app.get(TokenService).create(systemActor(org.id, 'test'), { name, scopes });
    return created.token;
  }

  /**
   * Domain services connected as the worker's role (row-level security does not bind it), for work
   * the worker does across organisations, e.g. ScanService.run. Closed with the context.
   */
  async systemApp(imports: unknown[]): Promise<INestApplicationContext> {
    const app = await cliContext(this.config, imports);
    this.systemApps.push(app);
    return app;
  }

  async close(): Promise<void> {
    for (const app of this.systemApps) await app.close();
    await this.app.close();
    await this.db.end();
    await dropDatabase(this.database);
  }
}

export function testConfig(database: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return loadConfig(
    {},
    {
      nodeEnv: 'test',
      logLevel: 'silent',
      databaseUrl: appUrl(database),
      migrationDatabaseUrl: ownerUrl(database),
      workerDatabaseUrl: workerUrl(database),
      redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      queuePrefix: `${database}`.slice(0, 60),
      databasePoolSize: 5,
      // The redirect URI registered at the test identity provider; requests themselves go through supertest.
      publicUrl: 'http://127.0.0.1:3999',
      ...overrides,
    },
  );
}

/** Asserts an RFC 9457 problem response and returns its body. */
export function expectProblem(response: request.Response, status: number): Record<string, unknown> & { detail: string; errors?: { field: string; message: string }[] } {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String), detail: expect.any(String) });
  return response.body;
}

export const randomUuid = (): string => crypto.randomUUID();
