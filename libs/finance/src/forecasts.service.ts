import { Injectable } from '@nestjs/common';
import { Actor, Cursor, Db, Page, PageQuery, pageSize, Problem, toPage } from '@app/platform';
import { ForecastEntity } from './forecast.entity';
import { normaliseMoney } from './money';
import { ownedProjectIds } from './spend.queries';

export interface ForecastInput {
  projectId: string;
  financialYear: string;
  amount: string;
  asOf: string;
  note?: string | null;
}

export interface ForecastView {
  id: string;
  projectId: string;
  financialYear: string;
  amount: string;
  asOf: string;
  note: string | null;
  createdAt: string;
}

export const toForecastView = (f: ForecastEntity): ForecastView => ({
  id: f.id,
  projectId: f.projectId,
  financialYear: f.financialYear,
  amount: f.amount,
  asOf: f.asOf,
  note: f.note,
  createdAt: f.createdAt.toISOString(),
});

/** Forecast outturn: each forecast is kept; the one with the latest as-of date (then the latest written) counts. */
@Injectable()
export class ForecastsService {
  constructor(private readonly db: Db) {}

  create(actor: Actor, input: ForecastInput): Promise<ForecastView> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await ownedProjectIds(tx, [input.projectId])).has(input.projectId)) throw Problem.notFound('project');
      const row = await tx.insert(ForecastEntity, {
        projectId: input.projectId,
        financialYear: input.financialYear,
        amount: normaliseMoney(input.amount),
        asOf: input.asOf,
        note: input.note ?? null,
        createdByTokenId: tx.actor.tokenId,
      });
      const view = toForecastView(row);
      await tx.audit({ action: 'forecast.recorded', entityType: 'forecast', entityId: row.id, after: view });
      return view;
    });
  }

  /** History, newest as-of first. */
  list(actor: Actor, filter: PageQuery & { projectId?: string; financialYear?: string }): Promise<Page<ForecastView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(ForecastEntity, 'f').orderBy('f.asOf', 'DESC').addOrderBy('f.id', 'DESC').take(limit + 1);
      if (filter.projectId) qb.andWhere('f.projectId = :projectId', { projectId: filter.projectId });
      if (filter.financialYear) qb.andWhere('f.financialYear = :fy', { fy: filter.financialYear });
      if (after) qb.andWhere('(f.as_of, f.id) < (:asOf::date, :id::uuid)', { asOf: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (f) => [f.asOf, f.id], toForecastView);
    });
  }
}
