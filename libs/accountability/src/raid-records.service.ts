import { ObjectLiteral } from 'typeorm';
import { Actor, requireIfMatch, csvLine, Cursor, Db, DomainEventType, emitEvent, Page, PageQuery, pageSize, Problem, TenantTx, toPage, updateVersioned } from '@app/platform';
import { assertMayChange, placeRecord, requirePerson } from './accountability-scope';
import { HistoryEntry, historyOf, recordHistory } from './accountability-history';
import { RaidKind } from './accountability.enums';

/** The columns every log record has (see the entities). */
export interface RaidRecord extends ObjectLiteral {
  id: string;
  organisationId: string;
  programmeId: string;
  projectId: string | null;
  ownerPersonId: string;
  status: string;
  version: number;
  createdAt: Date;
}

export interface RaidFilter extends PageQuery {
  programmeId?: string;
  projectId?: string;
  ownerPersonId?: string;
  status?: string;
  /** Risks only: likelihood times impact at least this. */
  minScore?: number;
}

/** What differs between the four logs: the entity, its view, its checks, its events. */
export interface RaidKindConfig<E extends RaidRecord, V extends { id: string; programmeId: string }> {
  kind: Exclude<RaidKind, 'action'>;
  what: string;
  entity: new () => E;
  view: (row: E) => V;
  /** Cross-field rules on the merged record (throw a Problem to refuse). */
  check?: (merged: E) => void;
  /** Events for a new record and for a change (with the record before, for a change). */
  events?: (after: V, before: V | null) => { type: DomainEventType; data: Record<string, unknown> }[];
  csvColumns: readonly (keyof V & string)[];
}

export type RaidInput<E> = Partial<Omit<E, 'id' | 'organisationId' | 'version' | 'createdAt' | 'updatedAt'>> & { programmeId?: string | null; projectId?: string | null; ownerPersonId: string };

const MAX_CSV_ROWS = 10_000;

/**
 * A log of risks, issues, decisions or dependencies on projects and programmes: create, read,
 * change (If-Match, owner or managers only), list with filters, history and CSV. Every change is
 * audited and kept in the record's history in the same transaction.
 */
export class RaidRecords<E extends RaidRecord, V extends { id: string; programmeId: string }> {
  constructor(
    protected readonly db: Db,
    protected readonly config: RaidKindConfig<E, V>,
  ) {}

  create(actor: Actor, input: RaidInput<E>): Promise<V> {
    return this.db.tenant(actor, async (tx) => {
      const place = await placeRecord(tx, input);
      await requirePerson(tx, input.ownerPersonId, 'ownerPersonId');
      const values = { ...input, ...place } as unknown as E;
      this.config.check?.(values);
      await this.checkReferences(tx, values);
      const row = await tx.insert(this.config.entity, values as never);
      const view = this.config.view(row as E);
      await tx.audit({ action: `${this.config.kind}.created`, entityType: this.config.kind, entityId: row.id, after: view });
      await recordHistory(tx, this.config.kind, view, null, view as never);
      for (const event of this.config.events?.(view, null) ?? []) await emitEvent(tx, event.type, event.data);
      return view;
    });
  }

  get(actor: Actor, id: string): Promise<V> {
    return this.db.tenant(actor, async (tx) => this.config.view(await this.load(tx, id)));
  }

  history(actor: Actor, id: string): Promise<HistoryEntry[]> {
    return this.db.tenant(actor, async (tx) => {
      await this.load(tx, id);
      return historyOf(tx, this.config.kind, id);
    });
  }

  update(actor: Actor, id: string, ifMatch: string | undefined, patch: Partial<E>): Promise<V> {
    return this.db.tenant(actor, async (tx) => {
      const current = await this.load(tx, id);
      await assertMayChange(tx, actor, current, this.config.what);
      // Who may change it is answered before the version: a 403 says more than a 428 to someone who may not.
      const expectedVersion = requireIfMatch(ifMatch);
      if (patch.ownerPersonId) await requirePerson(tx, patch.ownerPersonId, 'ownerPersonId');
      const before = this.config.view(current);
      const check = (merged: E) => this.config.check?.(merged);
      const merged = { ...current, ...patch };
      await this.checkReferences(tx, merged);
      const updated = await updateVersioned(tx, this.config.entity, id, expectedVersion, patch, { what: this.config.what, entityType: this.config.kind, view: this.config.view, check });
      const after = this.config.view(updated);
      await recordHistory(tx, this.config.kind, after, before as never, after as never);
      if (updated.version !== current.version) for (const event of this.config.events?.(after, before) ?? []) await emitEvent(tx, event.type, event.data);
      return after;
    });
  }

  list(actor: Actor, filter: RaidFilter): Promise<Page<V>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = this.filtered(tx, filter).orderBy('r.createdAt', 'DESC').addOrderBy('r.id', 'DESC').take(limit + 1);
      if (after) qb.andWhere('(r.createdAt, r.id) < (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (r) => [r.createdAt.toISOString(), r.id], this.config.view);
    });
  }

  /** Every record the filter matches as CSV (up to 10,000 rows), newest first. */
  csv(actor: Actor, filter: RaidFilter): Promise<string> {
    return this.db.tenant(actor, async (tx) => {
      const rows = await this.filtered(tx, filter).orderBy('r.createdAt', 'DESC').addOrderBy('r.id', 'DESC').take(MAX_CSV_ROWS).getMany();
      const columns = this.config.csvColumns;
      return csvLine([...columns]) + rows.map((r) => csvLine(columns.map((c) => this.config.view(r)[c] as string | number | null))).join('');
    });
  }

  protected filtered(tx: TenantTx, filter: RaidFilter) {
    const qb = tx.select(this.config.entity, 'r');
    if (filter.programmeId) qb.andWhere('r.programmeId = :programmeId', { programmeId: filter.programmeId });
    if (filter.projectId) qb.andWhere('r.projectId = :projectId', { projectId: filter.projectId });
    if (filter.ownerPersonId) qb.andWhere('r.ownerPersonId = :owner', { owner: filter.ownerPersonId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.minScore !== undefined) qb.andWhere('r.likelihood * r.impact >= :minScore', { minScore: filter.minScore });
    return qb;
  }

  /** References to other records of the organisation (a dependency's project), checked before writing. */
  protected async checkReferences(_tx: TenantTx, _values: E): Promise<void> {}

  protected async load(tx: TenantTx, id: string): Promise<E> {
    const row = await tx.findOne(this.config.entity, { id } as never);
    if (!row) throw Problem.notFound(this.config.what);
    return row;
  }
}
