import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, currentPeriod, Db, Problem, TenantTx, todayInLondon } from '@app/platform';
import { DeliveryConfidence } from '@app/portfolio';
import { financialYearOf } from '@app/finance';
import { EvidenceRefresh } from '@app/governance';
import { EVIDENCE_STATE_SQL, EvidenceState, PortfolioFilters, PortfolioGroupRow, portfolioSql } from './portfolio-read.queries';
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

interface Selection {
  meta: PortfolioMeta;
  groups: PortfolioGroupRow[];
}

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

  /** The JSON answer as text, with its ETag; `body` is null when `ifNoneMatch` already names this answer. */
  json(actor: Actor, query: PortfolioQuery, ifNoneMatch?: string): Promise<{ etag: string; body: string | null }> {
    return this.read(actor, query, ifNoneMatch);
  }

  /** The same answer as objects (CSV and board pages). */
  async view(actor: Actor, query: PortfolioQuery): Promise<PortfolioView> {
    const { body } = await this.read(actor, query);
    return JSON.parse(body as string) as PortfolioView;
  }

  private read(actor: Actor, query: PortfolioQuery, ifNoneMatch?: string): Promise<{ etag: string; body: string | null }> {
    if (query.period && query.period > currentPeriod()) throw Problem.validation([{ field: 'period', message: `period ${query.period} is in the future` }]);
    // With a read replica the board reads there, as the worker last refreshed it (evidenceAsOf says
    // when); on the primary, changes still pending are folded in first, so a writer sees its write.
    const onReplica = this.db.hasReadReplica;
    return (onReplica ? this.db.tenantRead.bind(this.db) : this.db.tenant.bind(this.db))(actor, async (tx) => {
      if (!onReplica) await this.refresh.refreshWithin(tx.manager, tx.organisationId, false);
      const [state] = await tx.query<EvidenceState>(EVIDENCE_STATE_SQL, [tx.organisationId]);
      const stored = state.period !== null && (!query.period || query.period === state.period);
      // The stored rows change only with the version, so an unchanged answer is known before reading them.
      const versionTag = stored ? `W/"ev${state.version}-${createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16)}"` : null;
      if (versionTag && ifNoneMatch === versionTag) return { etag: versionTag, body: null };
      const body = serialise(await this.select(tx, query, state, stored));
      const etag = versionTag ?? `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      return { etag, body: ifNoneMatch === etag ? null : body };
    });
  }

  private async select(tx: TenantTx, query: PortfolioQuery, state: EvidenceState, stored: boolean): Promise<Selection> {
    const period = stored ? (state.period as string) : (query.period ?? currentPeriod());
    const today = todayInLondon();
    const asOf = stored || lastDayOf(period) >= today ? today : lastDayOf(period);
    const { sql, values } = portfolioSql(query, !stored);
    // The joined rows are megabytes for a large organisation: sorted in memory, not on disk.
    await tx.query(`SET LOCAL work_mem = '64MB'`, []);
    const groups = await tx.query<PortfolioGroupRow>(sql, [tx.organisationId, asOf, null, period, query.programmeId ?? null, ...values]);
    if (query.programmeId && groups.length === 0 && !(await this.programmeExists(tx, query.programmeId))) throw Problem.notFound('programme');
    const sum = (key: 'n' | 'gaps' | 'critical' | 'off_track' | 'over_budget') => groups.reduce((n, g) => n + g[key], 0);
    const oldestRow = groups.flatMap((g) => (g.oldest ? [g.oldest, g.evidence_as_of] : [g.evidence_as_of])).reduce<Date | null>((m, d) => (!m || d < m ? d : m), null);
    // A full scan verifies the rows it leaves unchanged: nothing shown is older than it.
    const oldest = stored && oldestRow && state.scanned_at && state.scanned_at > oldestRow ? state.scanned_at : oldestRow;
    return {
      groups,
      meta: {
        period,
        previousPeriod: previousPeriod(period),
        asOf,
        evidenceAsOf: (oldest ?? state.refreshed_at ?? new Date()).toISOString(),
        source: stored ? 'read model' : 'as of period end',
        financialYear: financialYearOf(asOf, state.start_month),
        summary: {
          projects: sum('n'),
          programmes: groups.length,
          optimismGaps: sum('gaps'),
          programmeOptimismGaps: groups.filter((g) => g.optimism_flagged).length,
          criticalFlags: sum('critical') + groups.reduce((n, g) => n + g.critical_flags, 0),
          offTrackKpis: sum('off_track'),
          overBudget: sum('over_budget'),
        },
      },
    };
  }

  private async programmeExists(tx: TenantTx, id: string): Promise<boolean> {
    return (await tx.query(`SELECT 1 FROM programmes WHERE organisation_id = $1 AND id = $2 AND status <> 'archived'`, [tx.organisationId, id])).length > 0;
  }
}

/** The JSON text, assembled from the stored documents without parsing them. */
function serialise({ meta, groups }: Selection): string {
  const parts: string[] = [JSON.stringify(meta).slice(0, -1), ',"programmes":['];
  groups.forEach((g, i) => parts.push(i > 0 ? ',' : '', g.doc.slice(0, -1), ',"projects":[', g.projects ?? '', ']}'));
  parts.push(']}');
  return parts.join('');
}
