import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { isDatabaseUnavailable, isSerializationFailure } from './db-errors';
import { TenantTx } from './tenant-tx';
import { seesEveryProgramme } from '../people/roles';
import { HIDE_RESTRICTED_SQL, LIMIT_TO_PROGRAMMES_SQL } from '../people/visibility.queries';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What TypeORM keeps about a runner's transaction; set by hand because the opening is our own. */
interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
  releasePostgresConnection(error?: unknown): Promise<void>;
}

/**
 * One tenant transaction: the organisation set for it (`app.organisation_id`, the hook for
 * row-level security) and, for people who may not see every programme, the hidden sets. Everything
 * is transaction-local, so it is safe behind a transaction-mode pooler.
 *
 * The opening is one round trip: BEGIN and the setting travel as one simple-protocol message
 * (TypeORM's transaction() sends START TRANSACTION, SET TRANSACTION and then the setting), so a
 * keyed read costs three (open, the read, COMMIT). The organisation id is inlined, so it must be a
 * uuid. A connection that failed under us is handed back with its error, so the pool drops it
 * instead of lending it out again.
 */
async function inTenantTransaction<T>(source: DataSource, actor: Actor, isolation: IsolationLevel, readOnly: boolean, work: (tx: TenantTx) => Promise<T>): Promise<T> {
  if (!UUID.test(actor.organisationId)) throw new Error('an actor without a valid organisation id cannot open a tenant transaction');
  const runner = source.createQueryRunner();
  const state = runner as unknown as RunnerState;
  // Set when the connection must not go back to the pool.
  let broken: unknown;
  try {
    await runner.connect();
    await runner.query(`BEGIN ISOLATION LEVEL ${isolation}${readOnly ? ' READ ONLY' : ''}; SELECT set_config('app.organisation_id', '${actor.organisationId}', true)`);
    // TypeORM must see a transaction in progress, so that save() and nested transaction() use savepoints inside it.
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    // A person without an organisation role beyond viewer does not see restricted programmes they are not part of.
    if (actor.personId && !seesEveryProgramme(actor.roles)) await runner.query(HIDE_RESTRICTED_SQL, [actor.organisationId, actor.personId]);
    if (actor.programmeIds) await runner.query(LIMIT_TO_PROGRAMMES_SQL, [actor.organisationId, actor.programmeIds]);
    const result = await work(new TenantTx(runner.manager, actor));
    await runner.query('COMMIT');
    return result;
  } catch (error) {
    if (isDatabaseUnavailable(error)) broken = error;
    // Also when the opening half-failed (BEGIN ran, the setting did not): never pool an open transaction.
    else if (!runner.isReleased) await runner.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError ?? error));
    throw error;
  } finally {
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    await state.releasePostgresConnection(broken);
  }
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
