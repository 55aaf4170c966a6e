import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, currentPeriod, Db, Problem, TenantTx, todayInLondon } from '@app/platform';
import { DeliveryConfidence } from '@app/portfolio';
import { financialYearOf } from '@app/finance';
import { EvidenceRefresh } from '@app/governance';
import { loadEvidenceState, loadLiveRows, loadStoredRows, ProgrammeRow, ProjectRow } from './portfolio-read.query';
import { previousPeriod, step, Trend } from './trend';

export type RatingFilter = DeliveryConfidence | 'none';
export const PORTFOLIO_SORTS = ['code', 'reportedRating', 'evidenceRating', 'optimismGap', 'criticalFlags'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioQuery {
  period?: string;
  programmeId?: string;
  /** Projects whose reported or evidence rating is this ("none": no report for the period). */
  rating?: RatingFilter;
  reportedRating?: RatingFilter;
  /** "none": not rated (not an active project). */
  evidenceRating?: RatingFilter;
  /** Projects whose optimism gap is at least this many steps. */
  minGap?: number;
  /** Only projects with open critical flags. */
  criticalFlags?: boolean;
  /** Worst first; ties by code. */
  sort?: PortfolioSort;
}

type KpiCounts = { on_track: number; at_risk: number; off_track: number; no_data: number; not_measurable: number; stale: number; total: number };
type FlagCounts = { critical: number; warning: number; info: number; acknowledged: number; byRule: Record<string, string> };

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
  evidence: { rating: DeliveryConfidence; steps: number; inputs: { input: string; effect: number; detail: string }[] } | null;
  optimismGap: number | null;
  optimismGapFlagged: boolean;
  kpis: KpiCounts;
  finance: { financialYear: string; budget: string; spent: string; forecast: string | null; variance: string; variancePct: string | null; overBudget: boolean } | null;
  openFlags: FlagCounts;
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
  evidence: { rating: DeliveryConfidence; steps: number; inputs: { input: string; effect: number; detail: string }[]; projects: { code: string; rating: string; weightPct: number }[] } | null;
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

const ratingStep = (r: RatingFilter) => (r === 'none' ? null : step(r));
const matchesRating = (stepValue: number | null, filter: RatingFilter) => stepValue === ratingStep(filter);

function selects(query: PortfolioQuery): ((p: ProjectRow) => boolean) | null {
  const tests: ((p: ProjectRow) => boolean)[] = [];
  const { rating, reportedRating, evidenceRating, minGap, criticalFlags } = query;
  if (rating) tests.push((p) => (rating === 'none' ? p.reported_step === null : matchesRating(p.reported_step, rating) || matchesRating(p.rating_step, rating)));
  if (reportedRating) tests.push((p) => matchesRating(p.reported_step, reportedRating));
  if (evidenceRating) tests.push((p) => matchesRating(p.rating_step, evidenceRating));
  if (minGap !== undefined) tests.push((p) => p.optimism_gap !== null && p.optimism_gap >= minGap);
  if (criticalFlags) tests.push((p) => p.critical_flags > 0);
  return tests.length ? (p) => tests.every((t) => t(p)) : null;
}

/** Worst first: higher steps, bigger gaps, more critical flags; nulls last; then by code. */
function sorter<T extends { code: string; rating_step: number | null; reported_step: number | null; optimism_gap: number | null; critical_flags: number }>(sort: PortfolioSort | undefined) {
  const key = (r: T): number | null =>
    sort === 'reportedRating' ? r.reported_step : sort === 'evidenceRating' ? r.rating_step : sort === 'optimismGap' ? r.optimism_gap : sort === 'criticalFlags' ? r.critical_flags : null;
  return (a: T, b: T) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka === null ? 1 : kb === null ? -1 : kb - ka;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  };
}

interface Selection {
  meta: PortfolioMeta;
  version: string | null;
  groups: { programme: ProgrammeRow; projects: ProjectRow[] }[];
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
    return this.read(actor, query, (selection) => {
      const body = serialise(selection);
      return body;
    }, ifNoneMatch);
  }

  /** The same answer as objects (CSV and board pages). */
  async view(actor: Actor, query: PortfolioQuery): Promise<PortfolioView> {
    const { body } = await this.read(actor, query, serialise);
    return JSON.parse(body as string) as PortfolioView;
  }

  private read(actor: Actor, query: PortfolioQuery, render: (s: Selection) => string, ifNoneMatch?: string): Promise<{ etag: string; body: string | null }> {
    if (query.period && query.period > currentPeriod()) throw Problem.validation([{ field: 'period', message: `period ${query.period} is in the future` }]);
    return this.db.tenant(actor, async (tx) => {
      await this.refresh.refreshWithin(tx.manager, tx.organisationId, false);
      const state = await loadEvidenceState(tx);
      const stored = state.period !== null && (!query.period || query.period === state.period);
      // The stored rows change only with the version, so an unchanged answer is known before reading them.
      const versionTag = stored ? `W/"ev${state.version}-${createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16)}"` : null;
      if (versionTag && ifNoneMatch && ifNoneMatch === versionTag) return { etag: versionTag, body: null };
      const selection = await this.select(tx, query, state, stored);
      const body = render(selection);
      const etag = versionTag ?? `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      if (ifNoneMatch && ifNoneMatch === etag) return { etag, body: null };
      return { etag, body };
    });
  }

  private async select(tx: TenantTx, query: PortfolioQuery, state: Awaited<ReturnType<typeof loadEvidenceState>>, stored: boolean): Promise<Selection> {
    const period = stored ? (state.period as string) : (query.period ?? currentPeriod());
    const today = todayInLondon();
    const asOf = stored ? today : lastDayOf(period) < today ? lastDayOf(period) : today;
    const rows = stored ? await loadStoredRows(tx, query.programmeId ?? null) : await loadLiveRows(tx, period, asOf, query.programmeId ?? null);
    if (query.programmeId && rows.programmes.length === 0) throw Problem.notFound('programme');
    const keep = selects(query);
    const byProgramme = new Map<string, ProjectRow[]>();
    for (const p of rows.projects) {
      if (keep && !keep(p)) continue;
      let list = byProgramme.get(p.programme_id);
      if (!list) byProgramme.set(p.programme_id, (list = []));
      list.push(p);
    }
    const order = sorter(query.sort);
    const groups = rows.programmes
      .filter((g) => !keep || byProgramme.has(g.programme_id))
      .map((programme) => ({ programme, projects: (byProgramme.get(programme.programme_id) ?? []).sort(order) }));
    if (query.sort && query.sort !== 'code') groups.sort((a, b) => order(a.programme, b.programme));
    const shown = groups.flatMap((g) => g.projects);
    const oldest = [...shown.map((p) => p.evidence_as_of), ...groups.map((g) => g.programme.evidence_as_of)].reduce<Date | null>((m, d) => (!m || d < m ? d : m), null);
    const summary: PortfolioSummary = {
      projects: shown.length,
      programmes: groups.length,
      optimismGaps: shown.filter((p) => p.optimism_flagged).length,
      programmeOptimismGaps: groups.filter((g) => g.programme.optimism_flagged).length,
      criticalFlags: shown.reduce((n, p) => n + p.critical_flags, 0) + groups.reduce((n, g) => n + g.programme.critical_flags, 0),
      offTrackKpis: shown.reduce((n, p) => n + p.kpis_off_track, 0),
      overBudget: shown.filter((p) => p.over_budget).length,
    };
    return {
      version: state.version,
      groups,
      meta: {
        period,
        previousPeriod: previousPeriod(period),
        asOf,
        evidenceAsOf: (oldest ?? state.refreshed_at ?? new Date()).toISOString(),
        source: stored ? 'read model' : 'as of period end',
        financialYear: financialYearOf(asOf, state.start_month),
        summary,
      },
    };
  }
}

/** The JSON text, assembled from the stored documents without parsing them. */
function serialise({ meta, groups }: Selection): string {
  const head = JSON.stringify(meta).slice(0, -1);
  const parts: string[] = [head, ',"programmes":['];
  groups.forEach(({ programme, projects }, i) => {
    if (i > 0) parts.push(',');
    parts.push(programme.doc.slice(0, -1), ',"projects":[');
    projects.forEach((p, j) => parts.push(j > 0 ? ',' : '', p.doc));
    parts.push(']}');
  });
  parts.push(']}');
  return parts.join('');
}
