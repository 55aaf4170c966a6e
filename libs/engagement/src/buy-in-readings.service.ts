import { Injectable } from '@nestjs/common';
import { Actor, assertVersion, Cursor, Db, Page, pageSize, Problem, TenantTx, toPage } from '@app/platform';
import { BuyInReadingEntity } from './buy-in-reading.entity';
import { requireProjectGroup } from './evidence-scope';
import { checkShares } from './evidence-rules';
import { checkExternalRef, ExternalRef, insertOnce } from './external-ref';
import { checkRange, EvidenceFilter } from './filters';
import { BuyInReadingView, CreateResult, toBuyInReadingView } from './engagement.views';
import { historyOf, keepVersion, RecordHistory, requireReason } from './record-versions';

export interface CreateBuyInReading extends ExternalRef {
  projectId: string;
  groupId: string;
  surveyedOn: string;
  respondents: number;
  supportivePct: number;
  neutralPct: number;
  opposedPct: number;
  themes?: string | null;
}

export interface CorrectBuyInReading {
  surveyedOn?: string;
  respondents?: number;
  supportivePct?: number;
  neutralPct?: number;
  opposedPct?: number;
  themes?: string | null;
  reason: string;
}

const INSERT_READING = `
  INSERT INTO buy_in_readings (organisation_id, project_id, group_id, surveyed_on, respondents, supportive_pct, neutral_pct, opposed_pct, themes, external_source, external_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (organisation_id, external_source, external_id) DO NOTHING
  RETURNING id`;

/** Shares go to PostgreSQL as exact decimal text, never through float arithmetic. */
const asNumeric = (pct: number): string => pct.toFixed(2);

@Injectable()
export class BuyInReadingsService {
  constructor(private readonly db: Db) {}

  create(actor: Actor, input: CreateBuyInReading): Promise<CreateResult<BuyInReadingView>> {
    checkShares(input);
    const ref = checkExternalRef(input);
    return this.db.tenant(actor, async (tx) => {
      await requireProjectGroup(tx, input.projectId, input.groupId);
      const id = await insertOnce(tx, INSERT_READING, [
        tx.organisationId,
        input.projectId,
        input.groupId,
        input.surveyedOn,
        input.respondents,
        asNumeric(input.supportivePct),
        asNumeric(input.neutralPct),
        asNumeric(input.opposedPct),
        input.themes ?? null,
        ref.source,
        ref.id,
      ]);
      if (id === null) {
        const existing = await tx.findOne(BuyInReadingEntity, { externalSource: ref.source!, externalId: ref.id! });
        return { result: 'exists' as const, ...toBuyInReadingView(existing!) };
      }
      const view = toBuyInReadingView(await this.load(tx, id));
      await tx.audit({ action: 'buy_in_reading.created', entityType: 'buy_in_reading', entityId: id, after: view });
      return { result: 'created' as const, ...view };
    });
  }

  get(actor: Actor, id: string): Promise<BuyInReadingView> {
    return this.db.tenant(actor, async (tx) => toBuyInReadingView(await this.load(tx, id)));
  }

  /** Corrects a mistaken reading; the earlier version is kept with the reason and the change audited. */
  correct(actor: Actor, id: string, expectedVersion: number, patch: CorrectBuyInReading): Promise<BuyInReadingView> {
    const reason = requireReason(patch.reason);
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOneForUpdate(BuyInReadingEntity, { id });
      if (!row) throw Problem.notFound('buy-in reading');
      assertVersion(expectedVersion, row.version);
      const before = toBuyInReadingView(row);
      const next = {
        supportivePct: patch.supportivePct ?? before.supportivePct,
        neutralPct: patch.neutralPct ?? before.neutralPct,
        opposedPct: patch.opposedPct ?? before.opposedPct,
      };
      checkShares(next);
      await keepVersion(tx, 'buy_in_reading', row, before, 'corrected', reason);
      await tx.query(
        `UPDATE buy_in_readings SET surveyed_on = $3, respondents = $4, supportive_pct = $5, neutral_pct = $6, opposed_pct = $7, themes = $8, version = version + 1
          WHERE organisation_id = $1 AND id = $2`,
        [tx.organisationId, id, patch.surveyedOn ?? row.surveyedOn, patch.respondents ?? row.respondents, asNumeric(next.supportivePct), asNumeric(next.neutralPct), asNumeric(next.opposedPct), patch.themes === undefined ? row.themes : patch.themes],
      );
      const after = toBuyInReadingView(await this.load(tx, id));
      await tx.audit({ action: 'buy_in_reading.corrected', entityType: 'buy_in_reading', entityId: id, before, after: { ...after, reason } });
      return after;
    });
  }

  withdraw(actor: Actor, id: string, expectedVersion: number, reason: string): Promise<RecordHistory<BuyInReadingView>> {
    const why = requireReason(reason);
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOneForUpdate(BuyInReadingEntity, { id });
      if (!row) throw Problem.notFound('buy-in reading');
      assertVersion(expectedVersion, row.version);
      const before = toBuyInReadingView(row);
      await keepVersion(tx, 'buy_in_reading', row, before, 'withdrawn', why);
      await tx.query(`DELETE FROM buy_in_readings WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, id]);
      await tx.audit({ action: 'buy_in_reading.withdrawn', entityType: 'buy_in_reading', entityId: id, before, after: { withdrawn: true, reason: why } });
      return historyOf<BuyInReadingView>(tx, 'buy_in_reading', id, null, 'buy-in reading');
    });
  }

  history(actor: Actor, id: string): Promise<RecordHistory<BuyInReadingView>> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(BuyInReadingEntity, { id });
      return historyOf(tx, 'buy_in_reading', id, row ? toBuyInReadingView(row) : null, 'buy-in reading');
    });
  }

  list(actor: Actor, filter: EvidenceFilter): Promise<Page<BuyInReadingView>> {
    checkRange(filter);
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(BuyInReadingEntity, 'r').orderBy('r.surveyedOn', 'DESC').addOrderBy('r.id', 'DESC').take(limit + 1);
      if (filter.projectId) qb.andWhere('r.projectId = :projectId', { projectId: filter.projectId });
      if (filter.groupId) qb.andWhere('r.groupId = :groupId', { groupId: filter.groupId });
      if (filter.from) qb.andWhere('r.surveyedOn >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('r.surveyedOn <= :to', { to: filter.to });
      if (after) qb.andWhere('(r.surveyed_on, r.id) < (:on::date, :id::uuid)', { on: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (r) => [r.surveyedOn, r.id], toBuyInReadingView);
    });
  }

  private async load(tx: TenantTx, id: string): Promise<BuyInReadingEntity> {
    const row = await tx.findOne(BuyInReadingEntity, { id });
    if (!row) throw Problem.notFound('buy-in reading');
    return row;
  }
}
