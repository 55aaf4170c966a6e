import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { isSerializationFailure } from './db-errors';
import { TenantTx } from './tenant-tx';
import { seesEveryProgramme } from '../people/roles';
import { HIDE_RESTRICTED_SQL, LIMIT_TO_PROGRAMMES_SQL } from '../people/visibility.sql';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * Opens transactions. `tenant()` is the only way services touch tenant data: it sets the
 * organisation for the transaction (`app.organisation_id`, the hook for row-level security) and
 * hands back a TenantTx scoped to it.
 */
@Injectable()
export class Db implements OnApplicationShutdown {
  private systemSource: Promise<DataSource> | null = null;

  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    @Optional() @Inject(AppConfig) private readonly config?: AppConfig,
  ) {}

  async tenant<T>(actor: Actor, work: (tx: TenantTx) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    const attempts = isolation === 'SERIALIZABLE' ? 5 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(isolation, async (manager) => {
          await manager.query(`SELECT set_config('app.organisation_id', $1, true)`, [actor.organisationId]);
          // A person without an organisation role beyond viewer does not see restricted programmes they are not part of.
          if (actor.personId && !seesEveryProgramme(actor.roles)) await manager.query(HIDE_RESTRICTED_SQL, [actor.organisationId, actor.personId]);
          if (actor.programmeIds) await manager.query(LIMIT_TO_PROGRAMMES_SQL, [actor.organisationId, actor.programmeIds]);
          return work(new TenantTx(manager, actor));
        });
      } catch (error) {
        if (attempt >= attempts || !isSerializationFailure(error)) throw error;
      }
    }
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

  async onApplicationShutdown(): Promise<void> {
    const source = await this.systemSource?.catch(() => null);
    if (source?.isInitialized) await source.destroy();
  }
}
