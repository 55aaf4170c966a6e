import { Injectable } from '@nestjs/common';
import { Actor, requireIfMatch, Cursor, Db, emitEvent, Page, PageQuery, pageSize, Problem, TenantTx, todayInLondon, toPage, updateVersioned } from '@app/platform';
import { StatusReportEntity } from '@app/portfolio';
import { assertMayChange, Placement, placeRecord, requirePerson } from './accountability-scope';
import { HistoryEntry, historyOf, recordHistory } from './accountability-history';
import { ActionParent, ActionStatus } from './accountability.enums';
import { ActionEntity } from './action.entity';
import { tellAssignee } from './action-notices';
import { ActionView, toActionView } from './accountability.views';
import { DecisionEntity } from './decision.entity';
import { IssueEntity } from './issue.entity';
import { RiskEntity } from './risk.entity';

export interface NewAction {
  title: string;
  ownerPersonId: string;
  dueOn: string;
  notes?: string | null;
}

export type ActionPatch = Partial<Pick<ActionEntity, 'title' | 'ownerPersonId' | 'dueOn' | 'status' | 'notes'>>;

export interface ActionFilter extends PageQuery {
  programmeId?: string;
  projectId?: string;
  ownerPersonId?: string;
  status?: ActionStatus;
  parentType?: ActionParent;
  parentId?: string;
  /** Open and past their due date (today in London). */
  overdue?: boolean;
}

const assigned = (a: ActionView) => ({ actionId: a.id, title: a.title, ownerPersonId: a.ownerPersonId, dueOn: a.dueOn, parentType: a.parentType, parentId: a.parentId, projectId: a.projectId, programmeId: a.programmeId });

/**
 * Creates an action on a parent already placed by its owning area (a flag, by governance), inside
 * that area's transaction: audited, in the action's history, announced as action.assigned and by
 * email to its owner.
 */
export async function createActionWithin(tx: TenantTx, place: Placement, parent: { type: ActionParent; id: string }, input: NewAction): Promise<ActionView> {
  await requirePerson(tx, input.ownerPersonId, 'ownerPersonId');
  // closedAt is set explicitly: the inserted row carries only the columns given, and the answer shows every field.
  const row = await tx.insert(ActionEntity, { ...place, parentType: parent.type, parentId: parent.id, title: input.title, ownerPersonId: input.ownerPersonId, dueOn: input.dueOn, notes: input.notes ?? null, status: 'open', closedAt: null });
  const view = toActionView(row);
  await tx.audit({ action: 'action.created', entityType: 'action', entityId: row.id, after: view });
  await recordHistory(tx, 'action', view, null, view);
  await emitEvent(tx, 'action.assigned', assigned(view));
  await tellAssignee(tx, view);
  return view;
}

const PARENT_ENTITIES = { risk: RiskEntity, issue: IssueEntity, decision: DecisionEntity } as const;

@Injectable()
export class ActionsService {
  constructor(private readonly db: Db) {}

  /** An action on a risk, an issue, a decision or a status report (flags: FlagsService.assignAction). */
  create(actor: Actor, parentType: Exclude<ActionParent, 'flag'>, parentId: string, input: NewAction): Promise<ActionView> {
    return this.db.tenant(actor, async (tx) => createActionWithin(tx, await this.placeParent(tx, parentType, parentId), { type: parentType, id: parentId }, input));
  }

  get(actor: Actor, id: string): Promise<ActionView & { history: HistoryEntry[] }> {
    return this.db.tenant(actor, async (tx) => ({ ...toActionView(await this.load(tx, id)), history: await historyOf(tx, 'action', id) }));
  }

  update(actor: Actor, id: string, ifMatch: string | undefined, patch: ActionPatch): Promise<ActionView> {
    return this.db.tenant(actor, async (tx) => {
      const current = await this.load(tx, id);
      await assertMayChange(tx, actor, current, 'action');
      // Who may change it is answered before the version: a 403 says more than a 428 to someone who may not.
      const expectedVersion = requireIfMatch(ifMatch);
      if (patch.ownerPersonId) await requirePerson(tx, patch.ownerPersonId, 'ownerPersonId');
      const closing = patch.status !== undefined && patch.status !== current.status;
      const full: Partial<ActionEntity> = { ...patch, ...(closing ? { closedAt: patch.status === 'open' ? null : new Date() } : {}) };
      const before = toActionView(current);
      const updated = await updateVersioned(tx, ActionEntity, id, expectedVersion, full, { what: 'action', entityType: 'action', view: toActionView });
      const after = toActionView(updated);
      await recordHistory(tx, 'action', after, before, after);
      if (after.ownerPersonId !== before.ownerPersonId) {
        await emitEvent(tx, 'action.assigned', assigned(after));
        await tellAssignee(tx, after);
      }
      if (after.status === 'done' && before.status !== 'done') await emitEvent(tx, 'action.done', assigned(after));
      return after;
    });
  }

  list(actor: Actor, filter: ActionFilter): Promise<Page<ActionView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(ActionEntity, 'a').orderBy('a.dueOn', 'ASC').addOrderBy('a.id', 'ASC').take(limit + 1);
      if (filter.programmeId) qb.andWhere('a.programmeId = :programmeId', { programmeId: filter.programmeId });
      if (filter.projectId) qb.andWhere('a.projectId = :projectId', { projectId: filter.projectId });
      if (filter.ownerPersonId) qb.andWhere('a.ownerPersonId = :owner', { owner: filter.ownerPersonId });
      if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
      if (filter.parentType) qb.andWhere('a.parentType = :parentType', { parentType: filter.parentType });
      if (filter.parentId) qb.andWhere('a.parentId = :parentId', { parentId: filter.parentId });
      if (filter.overdue === true) qb.andWhere(`a.status = 'open' AND a.dueOn < :today`, { today: todayInLondon(new Date()) });
      if (filter.overdue === false) qb.andWhere(`NOT (a.status = 'open' AND a.dueOn < :today)`, { today: todayInLondon(new Date()) });
      if (after) qb.andWhere('(a.dueOn, a.id) > (:dueOn::date, :id::uuid)', { dueOn: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (a) => [a.dueOn, a.id], toActionView);
    });
  }

  private async placeParent(tx: TenantTx, parentType: Exclude<ActionParent, 'flag'>, parentId: string): Promise<Placement> {
    if (parentType === 'status_report') {
      const report = await tx.findOne(StatusReportEntity, { id: parentId });
      if (!report) throw Problem.notFound('status report');
      return placeRecord(tx, { projectId: report.projectId, programmeId: report.projectId ? null : report.programmeId });
    }
    const parent = await tx.findOne(PARENT_ENTITIES[parentType] as typeof RiskEntity, { id: parentId });
    if (!parent) throw Problem.notFound(parentType);
    return { programmeId: parent.programmeId, projectId: parent.projectId };
  }

  private async load(tx: TenantTx, id: string): Promise<ActionEntity> {
    const row = await tx.findOne(ActionEntity, { id });
    if (!row) throw Problem.notFound('action');
    return row;
  }
}
