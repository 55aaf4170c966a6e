import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { isSerializationFailure } from './db-errors';
import { TenantTx } from './tenant-tx';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * Opens transactions. `tenant()` is the only way services touch tenant data: it sets the
 * organisation for the transaction (`app.organisation_id`, the hook for row-level security) and
 * hands back a TenantTx scoped to it.
 */
@Injectable()
export class Db {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async tenant<T>(actor: Actor, work: (tx: TenantTx) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    const attempts = isolation === 'SERIALIZABLE' ? 5 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(isolation, async (manager) => {
          await manager.query(`SELECT set_config('app.organisation_id', $1, true)`, [actor.organisationId]);
          return work(new TenantTx(manager, actor));
        });
      } catch (error) {
        if (attempt >= attempts || !isSerializationFailure(error)) throw error;
      }
    }
  }

  /** Work that is not tied to one organisation: token lookup, cross-tenant scans, the CLI. */
  system<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
