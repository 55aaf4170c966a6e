import { createHash } from 'node:crypto';
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

  storePack(actor: Actor, period: string, cutOff: Date, content: Record<string, unknown>): Promise<StoredPack> {
    return storePack(this.db, actor, period, cutOff, content);
  }

  storedPack(actor: Actor, id: string): Promise<StoredPack> {
    return loadStoredPack(this.db, actor, id);
  }

  /**
   * Governance coverage as the latest stored pack of each of the last `count` periods showed it
   * (newest first): the board's trend for each control. Packs stored before coverage was kept in
   * them are left out.
   */
  coverageHistory(actor: Actor, count: number): Promise<{ period: string; takenAt: string; coverage: StoredCoverage }[]> {
    return this.db.tenant(actor, async (tx) => {
      const rows = await tx.query<{ period: string; taken_at: Date; coverage: StoredCoverage }>(
        `SELECT DISTINCT ON (period) period, taken_at, content->'coverage' AS coverage FROM evidence_snapshots
          WHERE organisation_id = $1 AND content ? 'coverage' ORDER BY period DESC, taken_at DESC LIMIT $2`,
        [tx.organisationId, count],
      );
      return rows.map((r) => ({ period: r.period, takenAt: r.taken_at.toISOString(), coverage: r.coverage }));
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

/** What a stored pack keeps of coverage: per rule, the share passing overall and per programme id (null: nothing to judge). */
export type StoredCoverage = Record<string, { all: number | null; programmes: Record<string, number | null> }>;

export type BoardPack = Awaited<ReturnType<BoardReadsService['pack']>>;

export interface StoredPack {
  id: string;
  period: string;
  cutOff: string;
  takenAt: string;
  content: Record<string, unknown>;
}

const toStored = (row: { id: string; period: string; cut_off: Date; taken_at: Date; content: Record<string, unknown> }): StoredPack => ({
  id: row.id,
  period: row.period,
  cutOff: row.cut_off.toISOString(),
  takenAt: row.taken_at.toISOString(),
  content: row.content,
});

/**
 * What the board saw for a period, kept when a pack is produced (evidence_snapshots): the same
 * content produced twice is stored once, so the link stays the same while nothing has changed.
 */
export async function storePack(db: Db, actor: Actor, period: string, cutOff: Date, content: Record<string, unknown>): Promise<StoredPack> {
  // The cut-off itself is left out, so opening an unchanged pack again finds the stored one.
  const digest = createHash('sha256').update(JSON.stringify({ ...content, cutOff: null, cutOffLink: null })).digest('hex');
  return db.tenant(actor, async (tx) => {
    await tx.query(
      `INSERT INTO evidence_snapshots (organisation_id, period, cut_off, digest, content) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organisation_id, period, digest) DO NOTHING`,
      [tx.organisationId, period, cutOff, digest, content],
    );
    const [row] = await tx.query<Parameters<typeof toStored>[0]>(
      `SELECT id, period, cut_off, taken_at, content FROM evidence_snapshots WHERE organisation_id = $1 AND period = $2 AND digest = $3`,
      [tx.organisationId, period, digest],
    );
    return toStored(row);
  });
}

export function loadStoredPack(db: Db, actor: Actor, id: string): Promise<StoredPack> {
  return db.tenant(actor, async (tx) => {
    const [row] = await tx.query<Parameters<typeof toStored>[0]>(
      `SELECT id, period, cut_off, taken_at, content FROM evidence_snapshots WHERE organisation_id = $1 AND id = $2`,
      [tx.organisationId, id],
    );
    if (!row) throw Problem.notFound('pack');
    return toStored(row);
  });
}
