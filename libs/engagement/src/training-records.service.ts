import { Injectable } from '@nestjs/common';
import { Actor, assertVersion, Cursor, Db, Page, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { requireProjectGroup } from './evidence-scope';
import { checkTraining } from './evidence-rules';
import { checkRange, EvidenceFilter } from './filters';
import { TrainingRecordEntity } from './training-record.entity';
import { toTrainingRecordView, TrainingRecordView } from './engagement.views';
import { historyOf, keepVersion, RecordHistory, requireReason } from './record-versions';

export interface CreateTrainingRecord {
  projectId: string;
  groupId: string;
  recordedOn: string;
  staffInScope: number;
  staffTrained: number;
  course?: string | null;
}

export interface CorrectTrainingRecord {
  recordedOn?: string;
  staffInScope?: number;
  staffTrained?: number;
  course?: string | null;
  reason: string;
}

@Injectable()
export class TrainingRecordsService {
  constructor(private readonly db: Db) {}

  create(actor: Actor, input: CreateTrainingRecord): Promise<TrainingRecordView> {
    checkTraining(input);
    return this.db.tenant(actor, async (tx) => {
      await requireProjectGroup(tx, input.projectId, input.groupId);
      const row = await tx.insert(TrainingRecordEntity, {
        projectId: input.projectId,
        groupId: input.groupId,
        recordedOn: input.recordedOn,
        staffInScope: input.staffInScope,
        staffTrained: input.staffTrained,
        course: input.course ?? null,
      });
      const view = toTrainingRecordView(row);
      await tx.audit({ action: 'training_record.created', entityType: 'training_record', entityId: row.id, after: view });
      return view;
    });
  }

  get(actor: Actor, id: string): Promise<TrainingRecordView> {
    return this.db.tenant(actor, async (tx) => toTrainingRecordView(await this.load(tx, id)));
  }

  /** Corrects a mistaken record; the earlier version is kept with the reason and the change audited. */
  correct(actor: Actor, id: string, expectedVersion: number, patch: CorrectTrainingRecord): Promise<TrainingRecordView> {
    const reason = requireReason(patch.reason);
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOneForUpdate(TrainingRecordEntity, { id });
      if (!row) throw Problem.notFound('training record');
      assertVersion(expectedVersion, row.version);
      const next = { staffInScope: patch.staffInScope ?? row.staffInScope, staffTrained: patch.staffTrained ?? row.staffTrained };
      checkTraining(next);
      const before = toTrainingRecordView(row);
      await keepVersion(tx, 'training_record', row, before, 'corrected', reason);
      await tx.query(
        `UPDATE training_records SET recorded_on = $3, staff_in_scope = $4, staff_trained = $5, course = $6, version = version + 1 WHERE organisation_id = $1 AND id = $2`,
        [tx.organisationId, id, patch.recordedOn ?? row.recordedOn, next.staffInScope, next.staffTrained, patch.course === undefined ? row.course : patch.course],
      );
      const after = toTrainingRecordView(await this.load(tx, id));
      await tx.audit({ action: 'training_record.corrected', entityType: 'training_record', entityId: id, before, after: { ...after, reason } });
      return after;
    });
  }

  withdraw(actor: Actor, id: string, expectedVersion: number, reason: string): Promise<RecordHistory<TrainingRecordView>> {
    const why = requireReason(reason);
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOneForUpdate(TrainingRecordEntity, { id });
      if (!row) throw Problem.notFound('training record');
      assertVersion(expectedVersion, row.version);
      const before = toTrainingRecordView(row);
      await keepVersion(tx, 'training_record', row, before, 'withdrawn', why);
      await tx.query(`DELETE FROM training_records WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, id]);
      await tx.audit({ action: 'training_record.withdrawn', entityType: 'training_record', entityId: id, before, after: { withdrawn: true, reason: why } });
      return historyOf<TrainingRecordView>(tx, 'training_record', id, null, 'training record');
    });
  }

  history(actor: Actor, id: string): Promise<RecordHistory<TrainingRecordView>> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(TrainingRecordEntity, { id });
      return historyOf(tx, 'training_record', id, row ? toTrainingRecordView(row) : null, 'training record');
    });
  }

  list(actor: Actor, filter: EvidenceFilter): Promise<Page<TrainingRecordView>> {
    checkRange(filter);
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(TrainingRecordEntity, 't').orderBy('t.recordedOn', 'DESC').addOrderBy('t.id', 'DESC').take(limit + 1);
      if (filter.projectId) qb.andWhere('t.projectId = :projectId', { projectId: filter.projectId });
      if (filter.groupId) qb.andWhere('t.groupId = :groupId', { groupId: filter.groupId });
      if (filter.from) qb.andWhere('t.recordedOn >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('t.recordedOn <= :to', { to: filter.to });
      if (after) qb.andWhere('(t.recorded_on, t.id) < (:on::date, :id::uuid)', { on: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (t) => [t.recordedOn, t.id], toTrainingRecordView);
    });
  }

  private async load(tx: TenantTx, id: string): Promise<TrainingRecordEntity> {
    const row = await tx.findOne(TrainingRecordEntity, { id });
    if (!row) throw Problem.notFound('training record');
    return row;
  }
}
