import { Injectable } from '@nestjs/common';
import { Actor, currentPeriod, Db, Problem, todayInLondon } from '@app/platform';
import { DeliveryConfidence } from '@app/portfolio';
import { fromPence, toPence } from '@app/finance';
import { EvidenceRow, loadPortfolioEvidence, loadProgrammeFlags } from './portfolio-evidence.queries';
import { latestReportedPeriod, loadPortfolioStructure, StructureRow } from './portfolio-structure.queries';
import { previousPeriod, step, Trend, trendOf } from './trend';

export type RatingFilter = DeliveryConfidence | 'none';

export interface PortfolioQuery {
  period?: string;
  programmeId?: string;
  rating?: RatingFilter;
}

type FlagCounts = { critical: number; warning: number; info: number };
type KpiCounts = { on_track: number; at_risk: number; off_track: number; no_data: number; not_measurable: number; stale: number; total: number };
type Finance = { financialYear: string; budget: string; spent: string; forecast: string | null; variance: string; variancePct: string | null };

const emptyKpis = (): KpiCounts => ({ on_track: 0, at_risk: 0, off_track: 0, no_data: 0, not_measurable: 0, stale: 0, total: 0 });

function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function projectView(row: StructureRow, evidence: EvidenceRow | undefined) {
  const kpis: KpiCounts = evidence
    ? { on_track: evidence.on_track, at_risk: evidence.at_risk, off_track: evidence.off_track, no_data: evidence.no_data, not_measurable: evidence.not_measurable, stale: evidence.stale, total: evidence.kpi_total }
    : emptyKpis();
  const finance: Finance | null = evidence
    ? { financialYear: evidence.financial_year, budget: evidence.budget, spent: evidence.spent, forecast: evidence.forecast, variance: evidence.variance, variancePct: evidence.variance_pct }
    : null;
  const reported = row.reported;
  const evidenceRating = evidence?.rating ?? null;
  return {
    id: row.project_id as string,
    code: row.project_code as string,
    name: row.project_name as string,
    phase: row.phase,
    status: row.project_status,
    hasUserNeed: row.has_user_need,
    reported: reported ? { rating: reported, revision: row.revision, reportedBy: row.reported_by, submittedAt: row.submitted_at?.toISOString() ?? null } : null,
    previous: row.previous,
    trend: trendOf(reported, row.previous) as Trend | null,
    evidence: evidenceRating && evidence ? { rating: evidenceRating, steps: evidence.step, inputs: evidence.inputs } : null,
    // Positive when the report is rosier than the evidence; the board's warning sign.
    optimismGap: reported && evidenceRating && evidence?.step !== null && evidence?.step !== undefined ? evidence.step - step(reported) : null,
    kpis,
    finance,
    openFlags: { critical: evidence?.critical ?? 0, warning: evidence?.warning ?? 0, info: evidence?.info ?? 0 },
  };
}

export type PortfolioProject = ReturnType<typeof projectView>;

function sumMoney(values: (string | null | undefined)[]): string {
  return fromPence(values.reduce((sum: bigint, v) => (v ? sum + toPence(v) : sum), 0n));
}

/** The board's view of a period: every programme with its projects, reported beside evidence. */
@Injectable()
export class PortfolioService {
  constructor(private readonly db: Db) {}

  view(actor: Actor, query: PortfolioQuery) {
    if (query.period && query.period > currentPeriod()) throw Problem.validation([{ field: 'period', message: `period ${query.period} is in the future` }]);
    // The board's heaviest read: served by the read replica where one is configured.
    return this.db.tenantRead(actor, async (tx) => {
      const period = query.period ?? (await latestReportedPeriod(tx)) ?? currentPeriod();
      const previous = previousPeriod(period);
      // The board reviews the last closed period now, so it sees today's evidence; older periods are history.
      const today = todayInLondon();
      const asOf = period >= previousPeriod(currentPeriod()) ? today : lastDayOf(period);
      // One after another: the transaction is one connection (pg@9 refuses overlapping queries on it).
      const structure = await loadPortfolioStructure(tx, period, previous, query.programmeId ?? null);
      const evidence = await loadPortfolioEvidence(tx, asOf);
      const programmeFlags = await loadProgrammeFlags(tx);
      if (query.programmeId && structure.length === 0) throw Problem.notFound('programme');
      const byProject = new Map(evidence.map((e) => [e.project_id, e]));
      const programmes = new Map<string, { row: StructureRow; projects: PortfolioProject[] }>();
      for (const row of structure) {
        if (!programmes.has(row.programme_id)) programmes.set(row.programme_id, { row, projects: [] });
        if (row.project_id) programmes.get(row.programme_id)?.projects.push(projectView(row, byProject.get(row.project_id)));
      }
      const matches = (p: PortfolioProject) => !query.rating || (query.rating === 'none' ? p.reported === null : p.reported?.rating === query.rating);
      const result = [...programmes.values()]
        .map(({ row, projects }) => {
          const shown = projects.filter(matches);
          const own = programmeFlags.get(row.programme_id) ?? { critical: 0, warning: 0, info: 0 };
          return {
            id: row.programme_id,
            code: row.programme_code,
            name: row.programme_name,
            status: row.programme_status,
            objectiveId: row.objective_id,
            sro: row.sro,
            reported: row.programme_reported ? { rating: row.programme_reported } : null,
            previous: row.programme_previous,
            trend: trendOf(row.programme_reported, row.programme_previous),
            totals: {
              projects: projects.length,
              kpis: projects.reduce((sum, p) => {
                for (const key of Object.keys(sum) as (keyof KpiCounts)[]) sum[key] += p.kpis[key];
                return sum;
              }, emptyKpis()),
              budget: sumMoney(projects.map((p) => p.finance?.budget)),
              spent: sumMoney(projects.map((p) => p.finance?.spent)),
              forecast: sumMoney(projects.map((p) => p.finance?.forecast ?? p.finance?.spent)),
              openFlags: projects.reduce(
                (sum: FlagCounts, p) => ({ critical: sum.critical + p.openFlags.critical, warning: sum.warning + p.openFlags.warning, info: sum.info + p.openFlags.info }),
                own,
              ),
            },
            projects: shown,
          };
        })
        .filter((g) => !query.rating || g.projects.length > 0);
      return { period, previousPeriod: previous, asOf, financialYear: evidence[0]?.financial_year ?? null, generatedAt: new Date().toISOString(), programmes: result };
    });
  }
}

export type PortfolioView = Awaited<ReturnType<PortfolioService['view']>>;
