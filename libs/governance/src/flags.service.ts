import { Injectable } from '@nestjs/common';
import { ActionView, createActionWithin, NewAction } from '@app/accountability';
import { Actor, Cursor, Db, emitEvent, Page, PageQuery, pageSize, Problem, TenantTx, todayInLondon, toPage } from '@app/platform';
import { markEvidenceDirty } from './evidence/evidence-marks';
import { evidenceAsOf } from './flag-evidence';
import { FlagEventEntity } from './flag-event.entity';
import { FlagEntity } from './flag.entity';
import type { FlagStatus, Severity } from './governance.enums';
import { FlagView, toFlagView } from './governance.views';
import { OpenFlagRow, openFlagsSql, OpenFlagsFilter, OWNER_CHOICES_SQL } from './sql/open-flags.queries';

export interface FlagFilter extends PageQuery {
  status?: FlagStatus | 'unresolved';
  rule?: string;
  severity?: Severity;
  projectId?: string;
  programmeId?: string;
}

/** The organisation's last full scan, which saw every flag still open (see toFlagView). */
async function lastScan(tx: TenantTx): Promise<Date | null> {
  const [row] = await tx.query<{ scanned_at: Date }>(`SELECT scanned_at FROM organisation_scan_marks WHERE organisation_id = $1`, [tx.organisationId]);
  return row?.scanned_at ?? null;
}

@Injectable()
export class FlagsService {
  constructor(private readonly db: Db) {}

  list(actor: Actor, filter: FlagFilter): Promise<Page<FlagView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 1);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(FlagEntity, 'f').orderBy('f.seq', 'DESC').take(limit + 1);
      if (filter.status === 'unresolved') qb.andWhere(`f.status <> 'resolved'`);
      else if (filter.status) qb.andWhere('f.status = :status', { status: filter.status });
      if (filter.rule) qb.andWhere('f.rule = :rule', { rule: filter.rule });
      if (filter.severity) qb.andWhere('f.severity = :severity', { severity: filter.severity });
      if (filter.projectId) qb.andWhere('f.projectId = :projectId', { projectId: filter.projectId });
      if (filter.programmeId) qb.andWhere('f.programmeId = :programmeId', { programmeId: filter.programmeId });
      if (after) qb.andWhere('f.seq < :seq', { seq: after[0] });
      const scannedAt = await lastScan(tx);
      return toPage(await qb.getMany(), limit, (f) => [f.seq], (f) => toFlagView(f, scannedAt));
    });
  }

  /**
   * Every unresolved flag across the portfolio (the board's flags page), worst first, with the
   * project and programme it is on and who answers for it; at most `limit`, saying when more match.
   */
  openAcrossPortfolio(actor: Actor, filter: OpenFlagsFilter, limit = 500): Promise<{ flags: OpenFlagRow[]; more: boolean; owners: { id: string; name: string }[] }> {
    return this.db.tenant(actor, async (tx) => {
      const { sql, values } = openFlagsSql(filter, limit);
      const today = todayInLondon();
      const rows = (await tx.query<OpenFlagRow>(sql, [tx.organisationId, ...values])).map((r) => ({ ...r, evidence: evidenceAsOf(r.evidence, today) }));
      const owners = await tx.query<{ id: string; name: string }>(OWNER_CHOICES_SQL, [tx.organisationId]);
      return { flags: rows.slice(0, limit), more: rows.length > limit, owners };
    });
  }

  get(actor: Actor, id: string) {
    return this.db.tenant(actor, async (tx) => {
      const flag = await tx.findOne(FlagEntity, { id });
      if (!flag) throw Problem.notFound('flag');
      const history = await tx.find(FlagEventEntity, { where: { flagId: id }, order: { seq: 'ASC' } });
      return { ...toFlagView(flag, await lastScan(tx)), history: history.map((e) => ({ kind: e.kind, actor: e.actor, note: e.note, at: e.occurredAt.toISOString() })) };
    });
  }

  /** Keeps the flag open but records who looked at it, when and why. */
  acknowledge(actor: Actor, id: string, note: string): Promise<FlagView> {
    return this.db.tenant(actor, async (tx) => {
      const flag = await tx.findOneForUpdate(FlagEntity, { id });
      if (!flag) throw Problem.notFound('flag');
      if (flag.status === 'resolved') throw Problem.conflict('flag_resolved', 'the flag is already resolved; nothing to acknowledge');
      const scannedAt = await lastScan(tx);
      const before = toFlagView(flag, scannedAt);
      await tx.manager.update(FlagEntity, { id, organisationId: tx.organisationId }, { status: flag.status === 'accepted' ? 'accepted' : 'acknowledged', acknowledgedAt: new Date(), acknowledgedBy: actor.name, acknowledgedByPersonId: actor.personId ?? null, acknowledgementNote: note });
      await tx.insert(FlagEventEntity, { flagId: id, kind: 'acknowledged', actor: actor.name, note });
      // The board's counts of acknowledged flags come from the read model.
      await markEvidenceDirty(tx.manager, tx.organisationId, flag.projectId ? 'project' : 'programme', flag.subjectId);
      const after = toFlagView((await tx.findOne(FlagEntity, { id })) as FlagEntity, scannedAt);
      await tx.audit({ action: 'flag.acknowledged', entityType: 'flag', entityId: id, before, after });
      return after;
    });
  }

  /**
   * The board accepts the flag until a day, for a reason: it stays unresolved (its cause is not
   * fixed) and is shown as accepted; the first scan after that day puts it back to open.
   */
  accept(actor: Actor, id: string, until: string, reason: string): Promise<FlagView> {
    if (until < todayInLondon()) throw Problem.validation([{ field: 'until', message: 'until must be today or later' }]);
    return this.db.tenant(actor, async (tx) => {
      const flag = await this.unresolved(tx, id, 'accept');
      const scannedAt = await lastScan(tx);
      const before = toFlagView(flag, scannedAt);
      await tx.manager.update(FlagEntity, { id, organisationId: tx.organisationId }, { status: 'accepted', acceptedUntil: until, acceptanceReason: reason, acceptedAt: new Date(), acceptedBy: actor.name.slice(0, 100), acceptedByPersonId: actor.personId ?? null, version: flag.version + 1 });
      await tx.insert(FlagEventEntity, { flagId: id, kind: 'accepted', actor: actor.name.slice(0, 100), note: `accepted until ${until}: ${reason}` });
      await markEvidenceDirty(tx.manager, tx.organisationId, flag.projectId ? 'project' : 'programme', flag.subjectId);
      const after = toFlagView((await tx.findOne(FlagEntity, { id })) as FlagEntity, scannedAt);
      await tx.audit({ action: 'flag.accepted', entityType: 'flag', entityId: id, before, after });
      await emitEvent(tx, 'flag.accepted', { flagId: id, rule: flag.rule, severity: flag.severity, projectId: flag.projectId, programmeId: flag.programmeId, until, reason });
      return after;
    });
  }

  /** The board acts on a flag by assigning an action; the flag stays open until its cause is fixed. */
  assignAction(actor: Actor, id: string, input: NewAction): Promise<ActionView> {
    return this.db.tenant(actor, async (tx) => {
      const flag = await this.unresolved(tx, id, 'act on');
      const action = await createActionWithin(tx, { programmeId: flag.programmeId, projectId: flag.projectId }, { type: 'flag', id }, input);
      // The board's counts of flags acted on come from the read model.
      await markEvidenceDirty(tx.manager, tx.organisationId, flag.projectId ? 'project' : 'programme', flag.subjectId);
      return action;
    });
  }

  private async unresolved(tx: TenantTx, id: string, verb: string): Promise<FlagEntity> {
    const flag = await tx.findOneForUpdate(FlagEntity, { id });
    if (!flag) throw Problem.notFound('flag');
    if (flag.status === 'resolved') throw Problem.conflict('flag_resolved', `the flag is already resolved; nothing to ${verb}`);
    return flag;
  }
}
