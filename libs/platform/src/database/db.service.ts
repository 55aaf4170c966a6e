import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { isSerializationFailure } from './db-errors';
import { TenantTx } from './tenant-tx';
import { seesEveryProgramme } from '../people/roles';
import { HIDE_RESTRICTED_SQL, LIMIT_TO_PROGRAMMES_SQL } from '../people/visibility.queries';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * One tenant transaction: the organisation set for it (`app.organisation_id`, the hook for
 * row-level security) and, for people who may not see every programme, the hidden sets. Everything
 * is transaction-local, so it is safe behind a transaction-mode pooler.
 */
function inTenantTransaction<T>(source: DataSource, actor: Actor, isolation: IsolationLevel, readOnly: boolean, work: (tx: TenantTx) => Promise<T>): Promise<T> {
  return source.transaction(isolation, async (manager) => {
    await manager.query(`SELECT set_config('app.organisation_id', $1, true)${readOnly ? `, set_config('transaction_read_only', 'on', true)` : ''}`, [actor.organisationId]);
    // A person without an organisation role beyond viewer does not see restricted programmes they are not part of.
    if (actor.personId && !seesEveryProgramme(actor.roles)) await manager.query(HIDE_RESTRICTED_SQL, [actor.organisationId, actor.personId]);
    if (actor.programmeIds) await manager.query(LIMIT_TO_PROGRAMMES_SQL, [actor.organisationId, actor.programmeIds]);
    return work(new TenantTx(manager, actor));
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
