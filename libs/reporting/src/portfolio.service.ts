import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Actor, currentPeriod, Db, Problem, TenantTx, todayInLondon } from '@app/platform';
import { DeliveryConfidence } from '@app/portfolio';
import { financialYearOf } from '@app/finance';
import { EvidenceRefresh } from '@app/governance';
import { EVIDENCE_STATE_SQL, EvidenceState, PortfolioFilters, PortfolioRow, portfolioSql } from './portfolio-read.queries';
import { eachRow } from './row-stream';
import { previousPeriod, Trend } from './trend';

export { PORTFOLIO_SORTS } from './portfolio-read.queries';
export type { PortfolioSort, RatingFilter } from './portfolio-read.queries';

export interface PortfolioQuery extends PortfolioFilters {
  period?: string;
}

type KpiCounts = { on_track: number; at_risk: number; off_track: number; no_data: number; not_measurable: number; stale: number; total: number };
type FlagCounts = { critical: number; warning: number; info: number; acknowledged: number; accepted: number; actedOn: number; byRule: Record<string, string> };

export interface PortfolioProject {
  id: string;
  code: string;
  name: string;
  phase: string;
  status: string;
  hasUserNeed: boolean;
  reported: { rating: DeliveryConfidence; period: string; revision: number; reportedBy: string; submittedAt: string } | null;
  previous: DeliveryConfidence | null;
  trend: Trend | null;
  evidence: { rating: DeliveryConfidence; steps: number } | null;
  optimismGap: number | null;
  optimismGapFlagged: boolean;
  kpis: KpiCounts;
  finance: { financialYear: string; budget: string; spent: string; committed?: string; exposure?: string; forecast: string | null; variance: string; variancePct: string | null; overBudget: boolean } | null;
  openFlags: Omit<FlagCounts, 'byRule'>;
}

export interface PortfolioProgramme {
  id: string;
  code: string;
  name: string;
  status: string;
  objectiveId: string | null;
  sro: string | null;
  reported: { rating: DeliveryConfidence; period: string } | null;
  previous: DeliveryConfidence | null;
  trend: Trend | null;
  evidence: { rating: DeliveryConfidence; steps: number; inputs: { input: string; effect: number; detail: string }[] } | null;
  optimismGap: number | null;
  optimismGapFlagged: boolean;
  ownFlags: FlagCounts;
  totals: { projects: number; kpis: KpiCounts; budget: string; spent: string; forecast: string; openFlags: Omit<FlagCounts, 'byRule'> };
  projects: PortfolioProject[];
}

/** The counts a board sees at the top of every page, over the programmes and projects shown. */
export interface PortfolioSummary {
  projects: number;
  programmes: number;
  optimismGaps: number;
  programmeOptimismGaps: number;
  criticalFlags: number;
  offTrackKpis: number;
  overBudget: number;
}

export interface PortfolioMeta {
  period: string;
  previousPeriod: string;
  /** Evidence up to this day. */
  asOf: string;
  /** When the oldest row shown was computed. */
  evidenceAsOf: string;
  /** "read model": the period under review, kept current; "as of period end": an earlier period recomputed as it stood. */
  source: 'read model' | 'as of period end';
  financialYear: string;
  summary: PortfolioSummary;
}

export type PortfolioView = PortfolioMeta & { programmes: PortfolioProgramme[] };

function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The answer as text, or streamed as the rows arrive; null when the ETag given names it. */
export type PortfolioBody = string | Readable | null;

/** How much of a streamed answer waits for a slow client before the database connection is paused. */
const BUFFERED = 256 * 1024;

/**
 * The board's view of a period, from the evidence read model: every programme with its projects,
 * reported beside evidence. The period under review is the stored rows as they are kept current;
 * an earlier period is recomputed as it stood at that period's end (docs/EVIDENCE.md).
 */
@Injectable()
export class PortfolioService {
  constructor(
    private readonly db: Db,
    private readonly refresh: EvidenceRefresh,
  ) {}

  /**
   * The JSON answer with its ETag; `body` is null when `ifNoneMatch` already names this answer.
   * The period under review is streamed: the head as soon as the first programme's row arrives, then
   * each row as PostgreSQL sends it, while the transaction stays open (errors before the head are
   * problems as usual; after it, the response is cut short). An earlier period is text.
   */
  json(actor: Actor, query: PortfolioQuery, ifNoneMatch?: string): Promise<{ etag: string; body: PortfolioBody }> {
    return new Promise((resolve, reject) => {
      let streaming: PassThrough | null = null;
      this.read(actor, query, ifNoneMatch, (answer) => {
        if (answer.body instanceof PassThrough) streaming = answer.body;
        resolve(answer);
      }).catch((error: unknown) => {
        // Before the answer, a problem response; after it, the stream ends in error and the response is cut short.
        if (streaming) streaming.destroy(error as Error);
        else reject(error);
      });
    });
  }

  /** The same answer as objects (CSV and board pages). */
  async view(actor: Actor, query: PortfolioQuery): Promise<PortfolioView> {
    let text = '';
    await this.read(actor, query, undefined, (answer) => (text = answer.body as string), false);
    return JSON.parse(text) as PortfolioView;
  }

  /**
   * Reads the answer in one tenant transaction and hands it to `answer` exactly once, before the
   * transaction ends; a streamed answer is written while the transaction is still open.
   */
  private read(actor: Actor, query: PortfolioQuery, ifNoneMatch: string | undefined, answer: (a: { etag: string; body: PortfolioBody }) => void, stream = true): Promise<void> {
    if (query.period && query.period > currentPeriod()) return Promise.reject(Problem.validation([{ field: 'period', message: `period ${query.period} is in the future` }]));
    // With a read replica the board reads there, as the worker last refreshed it (evidenceAsOf says
    // when); on the primary, changes still pending are folded in first, so a writer sees its write.
    const onReplica = this.db.hasReadReplica;
    return (onReplica ? this.db.tenantRead.bind(this.db) : this.db.tenant.bind(this.db))(actor, async (tx) => {
      if (!onReplica) await this.refresh.refreshWithin(tx.manager, tx.organisationId, false);
      const [state] = await tx.query<EvidenceState>(EVIDENCE_STATE_SQL, [tx.organisationId]);
      const stored = state.period !== null && (!query.period || query.period === state.period);
      const period = stored ? (state.period as string) : (query.period ?? currentPeriod());
      const today = todayInLondon();
      const asOf = stored || lastDayOf(period) >= today ? today : lastDayOf(period);
      // The stored rows change only with the version, so an unchanged answer is known before reading them.
      const versionTag = stored ? `W/"ev${state.version}-${createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16)}"` : null;
      if (versionTag && ifNoneMatch === versionTag) return answer({ etag: versionTag, body: null });
      const { sql, values } = portfolioSql(query, !stored);
      const params = [tx.organisationId, asOf, null, period, query.programmeId ?? null, ...values];
      // The joined rows are megabytes for a large organisation: sorted in memory, not on disk.
      await tx.query(`SET LOCAL work_mem = '64MB'`, []);
      const head = (first: PortfolioRow | undefined) => `${JSON.stringify(meta(first, state, stored, period, asOf)).slice(0, -1)},"programmes":[`;
      if (versionTag && stream) {
        let out: PassThrough | null = null;
        await eachRow<PortfolioRow>(tx, sql, params, (row) => {
          if (!out) {
            out = new PassThrough({ highWaterMark: BUFFERED });
            out.write(head(row) + row.doc);
            return answer({ etag: versionTag, body: out });
          }
          // A client that went away: the rest of the rows are read and dropped.
          if (out.destroyed) return;
          if (!out.write(`,${row.doc}`)) return drained(out);
        });
        if (out) return void (out as PassThrough).end(']}');
        await this.noRows(tx, query);
        return answer({ etag: versionTag, body: `${head(undefined)}]}` });
      }
      const rows = await tx.query<PortfolioRow>(sql, params);
      if (rows.length === 0) await this.noRows(tx, query);
      const body = `${head(rows[0])}${rows.map((r) => r.doc).join(',')}]}`;
      const etag = versionTag ?? `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      return answer({ etag, body: ifNoneMatch === etag ? null : body });
    });
  }

  /** An empty answer for a programme is a 404 unless the programme is there (and visible). */
  private async noRows(tx: TenantTx, query: PortfolioQuery): Promise<void> {
    if (query.programmeId && !(await this.programmeExists(tx, query.programmeId))) throw Problem.notFound('programme');
  }

  private async programmeExists(tx: TenantTx, id: string): Promise<boolean> {
    return (await tx.query(`SELECT 1 FROM programmes WHERE organisation_id = $1 AND id = $2 AND status <> 'archived'`, [tx.organisationId, id])).length > 0;
  }
}

/** The meta fields ahead of the programmes, from the summary every row carries (none: an empty answer). */
function meta(first: PortfolioRow | undefined, state: EvidenceState, stored: boolean, period: string, asOf: string): PortfolioMeta {
  const oldestRow = first?.oldest ?? null;
  // A full scan verifies the rows it leaves unchanged: nothing shown is older than it.
  const oldest = stored && oldestRow && state.scanned_at && state.scanned_at > oldestRow ? state.scanned_at : oldestRow;
  return {
    period,
    previousPeriod: previousPeriod(period),
    asOf,
    evidenceAsOf: (oldest ?? state.refreshed_at ?? new Date()).toISOString(),
    source: stored ? 'read model' : 'as of period end',
    financialYear: financialYearOf(asOf, state.start_month),
    summary: {
      projects: first?.projects ?? 0,
      programmes: first?.programmes ?? 0,
      optimismGaps: first?.gaps ?? 0,
      programmeOptimismGaps: first?.programme_gaps ?? 0,
      criticalFlags: first?.critical ?? 0,
      offTrackKpis: first?.off_track ?? 0,
      overBudget: first?.over_budget ?? 0,
    },
  };
}

/** Resolves once the stream can take more, or has closed (a client that went away). */
function drained(out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
