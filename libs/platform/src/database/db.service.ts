import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { isDatabaseUnavailable, isSerializationFailure } from './db-errors';
import { TenantTx } from './tenant-tx';
import { seesEveryProgramme } from '../people/roles';
import { HIDE_RESTRICTED_SQL, LIMIT_TO_PROGRAMMES_SQL } from '../people/visibility.queries';
import { inlineParams } from './inline-params';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What TypeORM keeps about a runner's transaction; set by hand because the opening is our own. */
interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
  releasePostgresConnection(error?: unknown): Promise<void>;
}

/**
 * The statements that open a tenant transaction, as one simple-protocol message: BEGIN, the
 * organisation (`app.organisation_id`, the hook for row-level security) and, for people who may not
 * see every programme and tokens limited to some, the hidden sets. Everything is
 * transaction-local, so it is safe behind a transaction-mode pooler. Values are inlined as
 * literals (the message carries no parameters); the organisation id must be a uuid.
 */
function opening(actor: Actor, isolation: IsolationLevel, readOnly: boolean): string[] {
  if (!UUID.test(actor.organisationId)) throw new Error('an actor without a valid organisation id cannot open a tenant transaction');
  const statements = [`BEGIN ISOLATION LEVEL ${isolation}${readOnly ? ' READ ONLY' : ''}`, inlineParams(`SELECT set_config('app.organisation_id', $1, true)`, [actor.organisationId])];
  // A person without an organisation role beyond viewer does not see restricted programmes they are not part of.
  if (actor.personId && !seesEveryProgramme(actor.roles)) statements.push(inlineParams(HIDE_RESTRICTED_SQL, [actor.organisationId, actor.personId]));
  if (actor.programmeIds) statements.push(inlineParams(LIMIT_TO_PROGRAMMES_SQL, [actor.organisationId, actor.programmeIds]));
  return statements;
}

/**
 * Runs `use` on a pooled connection and hands it back. On failure an open transaction is rolled
 * back (also when the opening half-failed: never pool an open transaction), and a connection that
 * failed under us is handed back with its error, so the pool drops it instead of lending it out.
 */
async function onConnection<T>(source: DataSource, use: (runner: QueryRunner, state: RunnerState, client: PoolClient) => Promise<T>): Promise<T> {
  const runner = source.createQueryRunner();
  const state = runner as unknown as RunnerState;
  let broken: unknown;
  try {
    const client = (await runner.connect()) as PoolClient;
    return await use(runner, state, client);
  } catch (error) {
    if (isDatabaseUnavailable(error)) broken = error;
    else if (!runner.isReleased) await runner.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError ?? error));
    throw error;
  } finally {
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    await state.releasePostgresConnection(broken);
  }
}

/**
 * One tenant transaction. The opening is one round trip (TypeORM's transaction() would send START
 * TRANSACTION, SET TRANSACTION and then each setting), so a transaction costs two more: its work
 * and COMMIT.
 */
async function inTenantTransaction<T>(source: DataSource, actor: Actor, isolation: IsolationLevel, readOnly: boolean, work: (tx: TenantTx) => Promise<T>): Promise<T> {
  const open = opening(actor, isolation, readOnly).join('; ');
  return onConnection(source, async (runner, state) => {
    await runner.query(open);
    // TypeORM must see a transaction in progress, so that save() and nested transaction() use savepoints inside it.
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    const result = await work(new TenantTx(runner.manager, actor));
    await runner.query('COMMIT');
    return result;
  });
}

/**
 * Opens transactions. `tenant()` is the only way services touch tenant data: it sets the
 * organisation for the transaction (`app.organisation_id`, the hook for row-level security) and
 * hands back a TenantTx scoped to it.
 */
@Injectable()
export class Db implements OnApplicationShutdown {
  private systemSource: Promise<DataSource> | null = null;
  private readSource: Promise<DataSource> | null = null;

  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    @Optional() @Inject(AppConfig) private readonly config?: AppConfig,
  ) {}

  async tenant<T>(actor: Actor, work: (tx: TenantTx) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    const attempts = isolation === 'SERIALIZABLE' ? 5 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTenantTransaction(this.dataSource, actor, isolation, false, work);
      } catch (error) {
        if (attempt >= attempts || !isSerializationFailure(error)) throw error;
      }
    }
  }

  /**
   * A read-only tenant transaction on the read replica (DATABASE_READ_URL) where one is configured,
   * for the board's heavy reads; on the primary otherwise. A replica may be a moment behind: the
   * answers built on it say how old their evidence is (`evidenceAsOf`).
   */
  async tenantRead<T>(actor: Actor, work: (tx: TenantTx) => Promise<T>): Promise<T> {
    return inTenantTransaction(await this.readDataSource(), actor, 'READ COMMITTED', true, work);
  }

  /**
   * One constant read statement in its own read-only tenant transaction on the primary, sent with
   * the transaction's opening and COMMIT as one message: a keyed read in one round trip instead of
   * three. Its parameters are inlined as literals (see inlineParams), so it is for the product's own
   * named statements with ids and codes as values.
   */
  async tenantStatement<R = Record<string, unknown>>(actor: Actor, sql: string, params: readonly unknown[]): Promise<R[]> {
    const statements = [...opening(actor, 'READ COMMITTED', true), inlineParams(sql, params), 'COMMIT'];
    return onConnection(this.dataSource, async (_runner, _state, client) => {
      const results = (await client.query(statements.join('; '))) as unknown as { rows: R[] }[];
      return results[statements.length - 2].rows;
    });
  }

  /** Whether reads through tenantRead go to a replica (for health and the figures in the scale-out test). */
  get hasReadReplica(): boolean {
    return Boolean(this.config?.databaseReadUrl) && this.config?.databaseReadUrl !== this.config?.databaseUrl;
  }

  /**
   * Work that is not tied to one organisation (cross-tenant scans, operator tools). Row-level
   * security binds the application role, so this runs as the worker's role (WORKER_DATABASE_URL,
   * BYPASSRLS): on the process's own pool in the worker and the CLI, which connect as that role,
   * and on a small pool opened on first use elsewhere. No api request path calls it; an api
   * deployed without the worker's credentials simply cannot.
   */
  async system<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return (await this.systemDataSource()).transaction(work);
  }

  private systemDataSource(): Promise<DataSource> {
    if (!this.config || this.config.workerDatabaseUrl === this.config.databaseUrl) return Promise.resolve(this.dataSource);
    this.systemSource ??= new DataSource({
      ...this.dataSource.options,
      url: this.config.workerDatabaseUrl,
      extra: { ...(this.dataSource.options as { extra?: object }).extra, max: 2 },
    } as typeof this.dataSource.options).initialize();
    this.systemSource.catch(() => (this.systemSource = null));
    return this.systemSource;
  }

  private readDataSource(): Promise<DataSource> {
    if (!this.hasReadReplica) return Promise.resolve(this.dataSource);
    this.readSource ??= new DataSource({ ...this.dataSource.options, url: this.config?.databaseReadUrl } as typeof this.dataSource.options).initialize();
    this.readSource.catch(() => (this.readSource = null));
    return this.readSource;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const pending of [this.systemSource, this.readSource]) {
      const source = await pending?.catch(() => null);
      if (source?.isInitialized) await source.destroy();
    }
  }
}
