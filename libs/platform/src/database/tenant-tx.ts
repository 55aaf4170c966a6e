import { EntityManager, EntityTarget, FindManyOptions, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../auth/actor';

interface Tenanted extends ObjectLiteral {
  organisationId: string;
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface OutboxInput {
  queue: string;
  jobName: string;
  payload: Record<string, unknown>;
}

/**
 * A transaction bound to one organisation. Every read and write made through it is scoped to that
 * organisation, so a service cannot forget the tenant; raw SQL (`query`) must bind
 * `organisationId` itself and is kept to named, reviewed queries.
 */
export class TenantTx {
  constructor(
    readonly manager: EntityManager,
    readonly actor: Actor,
  ) {}

  get organisationId(): string {
    return this.actor.organisationId;
  }

  private scoped<T extends Tenanted>(where: FindOptionsWhere<T>): FindOptionsWhere<T> {
    return { ...where, organisationId: this.organisationId } as FindOptionsWhere<T>;
  }

  findOne<T extends Tenanted>(entity: EntityTarget<T>, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.manager.findOne(entity, { where: this.scoped(where) });
  }

  /** Loads and locks a row for update, scoped to the organisation. */
  findOneForUpdate<T extends Tenanted>(entity: EntityTarget<T>, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.manager.findOne(entity, {
      where: this.scoped(where),
      lock: { mode: 'pessimistic_write' },
    });
  }

  find<T extends Tenanted>(entity: EntityTarget<T>, options: FindManyOptions<T> & { where?: FindOptionsWhere<T> } = {}): Promise<T[]> {
    return this.manager.find(entity, { ...options, where: this.scoped(options.where ?? {}) });
  }

  /** A query builder that already filters on the organisation. */
  select<T extends Tenanted>(entity: EntityTarget<T>, alias: string): SelectQueryBuilder<T> {
    return this.manager.createQueryBuilder(entity, alias).where(`${alias}.organisationId = :organisationId`, { organisationId: this.organisationId });
  }

  /** Inserts rows owned by this organisation and returns them as stored. */
  async insert<T extends Tenanted>(entity: EntityTarget<T>, values: Omit<Partial<T>, 'organisationId'>): Promise<T> {
    const row = { ...values, organisationId: this.organisationId };
    const result = await this.manager.createQueryBuilder().insert().into(entity).values(row as never).execute();
    // generatedMaps carries ids, defaults and timestamps PostgreSQL filled in, by property name.
    const created = this.manager.create(entity, { ...row, ...result.generatedMaps[0] } as never) as unknown as T;
    // A nullable column left out is NULL in the row: say so, so a new record answers as it reads back (null, not absent).
    for (const column of this.manager.connection.getMetadata(entity).columns) {
      if (column.isNullable && column.default === undefined && column.getEntityValue(created) === undefined) column.setEntityValue(created, null);
    }
    return created;
  }

  /** Raw SQL; the caller binds the organisation. Used for set-based statements. */
  query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.manager.query(sql, params);
  }

  audit(input: AuditInput): Promise<void> {
    return this.manager
      .query(
        `INSERT INTO audit_events (organisation_id, actor_token_id, actor_name, action, entity_type, entity_id, before, after, request_id, actor_person_id, actor_session_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          this.organisationId,
          this.actor.tokenId,
          this.actor.name,
          input.action,
          input.entityType,
          input.entityId,
          input.before === undefined ? null : JSON.stringify(input.before),
          input.after === undefined ? null : JSON.stringify(input.after),
          this.actor.requestId,
          this.actor.personId ?? null,
          this.actor.sessionId ?? null,
        ],
      )
      .then(() => undefined);
  }

  /** Many audit rows in one statement, for set-based writes. */
  async auditMany(rows: AuditInput[]): Promise<void> {
    if (rows.length === 0) return;
    await this.manager.query(
      `INSERT INTO audit_events (organisation_id, actor_token_id, actor_name, action, entity_type, entity_id, before, after, request_id, actor_person_id, actor_session_id)
       SELECT $1, $2, $3, r.action, r.entity_type, r.entity_id, r.before, r.after, $4, $6, $7
         FROM jsonb_to_recordset($5::jsonb) AS r(action text, entity_type text, entity_id uuid, before jsonb, after jsonb)`,
      [
        this.organisationId,
        this.actor.tokenId,
        this.actor.name,
        this.actor.requestId,
        JSON.stringify(rows.map((r) => ({ action: r.action, entity_type: r.entityType, entity_id: r.entityId, before: r.before ?? null, after: r.after ?? null }))),
        this.actor.personId ?? null,
        this.actor.sessionId ?? null,
      ],
    );
  }

  /** Queues work for the worker in this same transaction: it happens if and only if we commit. */
  outbox(input: OutboxInput): Promise<void> {
    return this.manager
      .query(`INSERT INTO outbox_events (organisation_id, queue, job_name, payload) VALUES ($1, $2, $3, $4)`, [
        this.organisationId,
        input.queue,
        input.jobName,
        JSON.stringify(input.payload),
      ])
      .then(() => undefined);
  }
}
