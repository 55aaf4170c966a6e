import { Injectable } from '@nestjs/common';
import { AuditEventEntity } from './audit-event.entity';
import { Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { Cursor, Page, PageQuery, pageSize, toPage } from '../http/pagination';

export interface AuditEventView {
  id: string;
  actor: { tokenId: string | null; personId: string | null; sessionId: string | null; name: string };
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  occurredAt: string;
}

const toView = (e: AuditEventEntity): AuditEventView => ({
  id: e.id,
  actor: { tokenId: e.actorTokenId, personId: e.actorPersonId, sessionId: e.actorSessionId, name: e.actorName },
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  before: e.before,
  after: e.after,
  requestId: e.requestId,
  occurredAt: e.occurredAt.toISOString(),
});

/** Reads the audit trail, newest first. Writes go through TenantTx.audit in each write's transaction. */
@Injectable()
export class AuditService {
  constructor(private readonly db: Db) {}

  list(actor: Actor, filter: { entityType?: string; entityId?: string; action?: string } & PageQuery): Promise<Page<AuditEventView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(AuditEventEntity, 'a').orderBy('a.seq', 'DESC').take(limit + 1);
      if (filter.entityType) qb.andWhere('a.entityType = :entityType', { entityType: filter.entityType });
      if (filter.entityId) qb.andWhere('a.entityId = :entityId', { entityId: filter.entityId });
      if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
      if (after) qb.andWhere('a.seq < :seq', { seq: after[0] });
      const rows = await qb.getMany();
      return toPage(rows, limit, (e) => [e.seq], toView);
    });
  }
}
