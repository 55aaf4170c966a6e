import { Injectable } from '@nestjs/common';
import { Actor, assertVersion, Cursor, Db, Page, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { EngagementEntity } from './engagement.entity';
import { EngagementKind } from './engagement.enums';
import { requireProjectGroup } from './evidence-scope';
import { checkExternalRef, ExternalRef, insertOnce } from './external-ref';
import { checkRange, EngagementFilter } from './filters';
import { CreateResult, EngagementView, toEngagementView } from './engagement.views';
import { historyOf, keepVersion, RecordHistory, requireReason } from './record-versions';

export interface CreateEngagement extends ExternalRef {
  projectId: string;
  groupId: string;
  kind: EngagementKind;
  occurredOn: string;
  participants: number;
  findings: string;
  actionsTaken?: string | null;
}

export interface UpdateEngagement {
  actionsTaken?: string;
  findings?: string;
  participants?: number;
  /** Why findings or participants are corrected; kept with the earlier version. */
  reason?: string;
}

const INSERT_ENGAGEMENT = `
  INSERT INTO engagements (organisation_id, project_id, group_id, kind, occurred_on, participants, findings, actions_taken, actions_recorded_at, external_source, external_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text, CASE WHEN $8::text IS NULL THEN NULL ELSE now() END, $9, $10)
  ON CONFLICT (organisation_id, external_source, external_id) DO NOTHING
  RETURNING id`;

@Injectable()
export class EngagementsService {
  constructor(private readonly db: Db) {}

  /** Records an engagement; with an external ref already seen, changes nothing and answers `exists`. */
  create(actor: Actor, input: CreateEngagement): Promise<CreateResult<EngagementView>> {
    const ref = checkExternalRef(input);
    return this.db.tenant(actor, async (tx) => {
      await requireProjectGroup(tx, input.projectId, input.groupId);
      const id = await insertOnce(tx, INSERT_ENGAGEMENT, [
        tx.organisationId,
        input.projectId,
        input.groupId,
        input.kind,
        input.occurredOn,
        input.participants,
        input.findings,
        input.actionsTaken ?? null,
        ref.source,
        ref.id,
      ]);
      if (id === null) {
        const existing = await tx.findOne(EngagementEntity, { externalSource: ref.source!, externalId: ref.id! });
        return { result: 'exists' as const, ...toEngagementView(existing!) };
      }
      const view = toEngagementView(await this.load(tx, id));
      await tx.audit({ action: 'engagement.created', entityType: 'engagement', entityId: id, after: view });
      return { result: 'created' as const, ...view };
    });
  }

  get(actor: Actor, id: string): Promise<EngagementView> {
    return this.db.tenant(actor, async (tx) => toEngagementView(await this.load(tx, id)));
  }

  /**
   * Adds or amends what was done about the findings (closing the loop), or corrects findings and
   * participants. Actions once recorded cannot be removed: the loop stays closed, and the time it
   * was first closed is kept.
   */
  update(actor: Actor, id: string, expectedVersion: number, patch: UpdateEngagement): Promise<EngagementView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOneForUpdate(EngagementEntity, { id });
      if (!row) throw Problem.notFound('engagement');
      assertVersion(expectedVersion, row.version);
      // The first recording of actions stamps the database's clock, like created_at.
      const changes: Record<string, unknown> = {};
      if (patch.findings !== undefined && patch.findings !== row.findings) changes.findings = patch.findings;
      if (patch.participants !== undefined && patch.participants !== row.participants) changes.participants = patch.participants;
      if (patch.actionsTaken !== undefined && patch.actionsTaken !== row.actionsTaken) {
        changes.actionsTaken = patch.actionsTaken;
        if (row.actionsRecordedAt === null) changes.actionsRecordedAt = () => 'now()';
      }
      if (Object.keys(changes).length === 0) return toEngagementView(row);
      // The earlier version is kept with every change; a reason is optional here so integrations that
      // record actions or amend findings keep working, and the forms always ask for one.
      const reason = patch.reason === undefined ? null : requireReason(patch.reason);
      await keepVersion(tx, 'engagement', row, toEngagementView(row), 'corrected', reason);
      await tx.manager.update(EngagementEntity, { id, organisationId: tx.organisationId }, changes as never);
      const updated = toEngagementView(await this.load(tx, id));
      const closed = row.actionsRecordedAt === null && updated.loopClosed;
      await tx.audit({ action: closed ? 'engagement.loop_closed' : 'engagement.updated', entityType: 'engagement', entityId: id, before: toEngagementView(row), after: { ...updated, reason } });
      return updated;
    });
  }

  /** Withdraws a mistaken engagement: it leaves the evidence, and its last version is kept with the reason. */
  withdraw(actor: Actor, id: string, expectedVersion: number, reason: string): Promise<RecordHistory<EngagementView>> {
    const why = requireReason(reason);
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOneForUpdate(EngagementEntity, { id });
      if (!row) throw Problem.notFound('engagement');
      assertVersion(expectedVersion, row.version);
      await keepVersion(tx, 'engagement', row, toEngagementView(row), 'withdrawn', why);
      await tx.manager.delete(EngagementEntity, { id, organisationId: tx.organisationId });
      await tx.audit({ action: 'engagement.withdrawn', entityType: 'engagement', entityId: id, before: toEngagementView(row), after: { withdrawn: true, reason: why } });
      return historyOf<EngagementView>(tx, 'engagement', id, null, 'engagement');
    });
  }

  history(actor: Actor, id: string): Promise<RecordHistory<EngagementView>> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(EngagementEntity, { id });
      return historyOf(tx, 'engagement', id, row ? toEngagementView(row) : null, 'engagement');
    });
  }

  /** Newest first by the date it happened (then id), so the cursor is exact. */
  list(actor: Actor, filter: EngagementFilter): Promise<Page<EngagementView>> {
    checkRange(filter);
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(EngagementEntity, 'e').orderBy('e.occurredOn', 'DESC').addOrderBy('e.id', 'DESC').take(limit + 1);
      if (filter.projectId) qb.andWhere('e.projectId = :projectId', { projectId: filter.projectId });
      if (filter.groupId) qb.andWhere('e.groupId = :groupId', { groupId: filter.groupId });
      if (filter.kind) qb.andWhere('e.kind = :kind', { kind: filter.kind });
      if (filter.from) qb.andWhere('e.occurredOn >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('e.occurredOn <= :to', { to: filter.to });
      if (filter.loop === 'open') qb.andWhere('e.actionsRecordedAt IS NULL');
      if (filter.loop === 'closed') qb.andWhere('e.actionsRecordedAt IS NOT NULL');
      if (after) qb.andWhere('(e.occurred_on, e.id) < (:on::date, :id::uuid)', { on: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (e) => [e.occurredOn, e.id], toEngagementView);
    });
  }

  private async load(tx: TenantTx, id: string): Promise<EngagementEntity> {
    const row = await tx.findOne(EngagementEntity, { id });
    if (!row) throw Problem.notFound('engagement');
    return row;
  }
}
