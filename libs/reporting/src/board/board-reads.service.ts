import { Injectable } from '@nestjs/common';
import { Actor, Db, Problem, todayInLondon } from '@app/platform';
import { ProjectEntity } from '@app/portfolio';
import { loadBoardPack, PackRow } from './board-pack.queries';
import { loadSpendCurve, SpendCurve } from './spend-curve.queries';
import { previousPeriod, Trend, trendOf } from '../trend';

/** The board pages' own reads (the rest come from each area's services). */
@Injectable()
export class BoardReadsService {
  constructor(private readonly db: Db) {}

  spendCurve(actor: Actor, projectId: string, today: string = todayInLondon()): Promise<SpendCurve> {
    return this.db.tenant(actor, async (tx) => {
      if (!(await tx.findOne(ProjectEntity, { id: projectId }))) throw Problem.notFound('project');
      return loadSpendCurve(tx, projectId, today);
    });
  }

  /** The stored reports of a period as submitted by the cut-off, grouped by programme. */
  pack(actor: Actor, period: string, submittedBy: Date) {
    return this.db.tenant(actor, async (tx) => {
      const rows = await loadBoardPack(tx, period, previousPeriod(period), submittedBy);
      const programmes = new Map<string, { id: string; code: string; name: string; sro: string | null; report: PackRow['report']; trend: Trend | null; projects: (PackRow & { trend: Trend | null })[] }>();
      for (const row of rows) {
        let programme = programmes.get(row.programme_id);
        if (!programme) {
          programme = { id: row.programme_id, code: row.programme_code, name: row.programme_name, sro: row.sro, report: null, trend: null, projects: [] };
          programmes.set(row.programme_id, programme);
        }
        const trend = trendOf(row.report?.overall ?? null, row.previous_overall);
        if (row.subject_type === 'programme') {
          programme.report = row.report;
          programme.trend = trend;
        } else programme.projects.push({ ...row, trend });
      }
      return [...programmes.values()];
    }, 'REPEATABLE READ');
  }
}

export type BoardPack = Awaited<ReturnType<BoardReadsService['pack']>>;
