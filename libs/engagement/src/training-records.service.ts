import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, Page, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { requireProjectGroup } from './evidence-scope';
import { checkTraining } from './evidence-rules';
import { checkRange, EvidenceFilter } from './filters';
import { TrainingRecordEntity } from './training-record.entity';
import { toTrainingRecordView, TrainingRecordView } from './engagement.views';

export interface CreateTrainingRecord {
  projectId: string;
  groupId: string;
  recordedOn: string;
  staffInScope: number;
  staffTrained: number;
  course?: string | null;
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
