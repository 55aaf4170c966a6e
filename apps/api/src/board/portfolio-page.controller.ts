import { Controller, Get, Header, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, currentPeriod, CurrentActor } from '@app/platform';
import { DELIVERY_CONFIDENCE, ProgrammesService } from '@app/portfolio';
import { PORTFOLIO_SORTS, PortfolioProgramme, PortfolioProject, PortfolioQuery, PortfolioService, PortfolioSort, PortfolioView, portfolioCsv, previousPeriod, RatingFilter } from '@app/reporting';
import { ratingLabel, PERIOD_PATTERN, periodLabel, UUID_PATTERN } from './board-format';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';

const RATINGS: RatingFilter[] = [...DELIVERY_CONFIDENCE, 'none'];

export interface FilterError {
  text: string;
  href: string;
}

const GAPS = ['1', '2', '3', '4'];
const SORT_LABELS: Record<PortfolioSort, string> = {
  code: 'Code, A to Z',
  reportedRating: 'Reported rating, worst first',
  evidenceRating: 'Evidence rating, worst first',
  optimismGap: 'Optimism gap, largest first',
  criticalFlags: 'Open critical flags, most first',
};

/** Reads the filter form (a GET form, so no CSRF token); bad values are reported, not fatal. */
export function parsePortfolioFilters(query: Record<string, unknown>): { filters: PortfolioQuery; errors: FilterError[] } {
  const filters: PortfolioQuery = {};
  const errors: FilterError[] = [];
  const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string).trim() : '');
  const period = text('period');
  if (period) {
    if (!PERIOD_PATTERN.test(period)) errors.push({ text: 'Enter the period as a year and month, like 2026-10', href: '#period' });
    else if (period > currentPeriod()) errors.push({ text: 'The period must not be in the future', href: '#period' });
    else filters.period = period;
  }
  const programmeId = text('programmeId');
  if (programmeId) {
    if (!UUID_PATTERN.test(programmeId)) errors.push({ text: 'Select a programme from the list', href: '#programmeId' });
    else filters.programmeId = programmeId.toLowerCase();
  }
  for (const key of ['rating', 'reportedRating', 'evidenceRating'] as const) {
    const rating = text(key);
    if (!rating) continue;
    if (!RATINGS.includes(rating as RatingFilter)) errors.push({ text: 'Select a rating from the list', href: `#${key}` });
    else filters[key] = rating as RatingFilter;
  }
  const minGap = text('minGap');
  if (minGap) {
    if (!GAPS.includes(minGap)) errors.push({ text: 'Select an optimism gap from the list', href: '#minGap' });
    else filters.minGap = Number(minGap);
  }
  const critical = text('criticalFlags');
  if (critical) {
    if (critical !== 'true') errors.push({ text: 'Select whether to show only projects with open critical flags', href: '#criticalFlags' });
    else filters.criticalFlags = true;
  }
  // The board triages: worst evidence first unless another order is chosen.
  const sort = text('sort') || 'evidenceRating';
  if (sort) {
    if (!PORTFOLIO_SORTS.includes(sort as PortfolioSort)) errors.push({ text: 'Select an order from the list', href: '#sort' });
    else filters.sort = sort as PortfolioSort;
  }
  return { filters, errors };
}

type Layout = 'list' | 'programmes';
const step = (rating: string | null | undefined): number => (rating ? DELIVERY_CONFIDENCE.indexOf(rating as (typeof DELIVERY_CONFIDENCE)[number]) : -1);

/**
 * Every project shown, across programmes, in the chosen order: the read model already ordered each
 * programme's projects; this merges them on the same keys (worst first, ties by code).
 */
export function acrossProgrammes(view: PortfolioView, sort: PortfolioSort): { project: PortfolioProject; programme: PortfolioProgramme }[] {
  const key = (p: PortfolioProject): number => {
    switch (sort) {
      case 'reportedRating':
        return step(p.reported?.rating);
      case 'evidenceRating':
        return p.evidence ? p.evidence.steps : -1;
      case 'optimismGap':
        return p.optimismGap ?? -99;
      case 'criticalFlags':
        return p.openFlags.critical;
      default:
        return 0;
    }
  };
  return view.programmes
    .flatMap((programme) => programme.projects.map((project) => ({ project, programme })))
    .sort((a, b) => key(b.project) - key(a.project) || (a.project.code < b.project.code ? -1 : a.project.code > b.project.code ? 1 : 0));
}

/** The twelve periods up to now, newest first, for the period filter. */
export function recentPeriods(now = currentPeriod(), count = 12): string[] {
  const periods = [now];
  while (periods.length < count) periods.push(previousPeriod(periods[periods.length - 1]));
  return periods;
}

const csvQuery = (filters: PortfolioQuery): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== false) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

/** The portfolio: every programme and its projects, reported beside evidence. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class PortfolioPageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly portfolio: PortfolioService,
    private readonly programmes: ProgrammesService,
  ) {}

  @Get()
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { filters, errors } = parsePortfolioFilters(query);
    const layout: Layout = query.layout === 'programmes' ? 'programmes' : 'list';
    const [view, programmes] = await Promise.all([this.portfolio.view(actor, filters).catch((error) => this.unknownProgramme(error, errors)), this.programmes.list(actor, { limit: 200 })]);
    return this.renderer.send(
      reply,
      'portfolio.njk',
      {
        ...pageContext(request),
        title: view ? `Portfolio, ${periodLabel(view.period)}` : 'Portfolio',
        section: 'portfolio',
        view,
        layout,
        flat: view && layout === 'list' ? acrossProgrammes(view, filters.sort ?? 'evidenceRating') : [],
        sortLabel: SORT_LABELS[filters.sort ?? 'evidenceRating'],
        summary: view?.summary ?? null,
        errors,
        filters: {
          period: filters.period ?? view?.period ?? '',
          programmeId: filters.programmeId ?? '',
          rating: filters.rating ?? '',
          reportedRating: filters.reportedRating ?? '',
          evidenceRating: filters.evidenceRating ?? '',
          minGap: filters.minGap === undefined ? '' : String(filters.minGap),
          criticalFlags: filters.criticalFlags ? 'true' : '',
          sort: filters.sort ?? 'evidenceRating',
        },
        periods: recentPeriods().map((p) => ({ value: p, text: periodLabel(p) })),
        programmeOptions: programmes.data.filter((g) => g.status !== 'archived').map((g) => ({ value: g.id, text: `${g.code} ${g.name}` })),
        ratingOptions: RATINGS.map((r) => ({ value: r, text: r === 'none' ? 'No report' : ratingLabel(r) })),
        evidenceOptions: RATINGS.map((r) => ({ value: r, text: r === 'none' ? 'Not rated' : ratingLabel(r) })),
        gapOptions: GAPS.map((g) => ({ value: g, text: `${g} step${g === '1' ? '' : 's'} or more` })),
        sortOptions: PORTFOLIO_SORTS.map((s) => ({ value: s, text: SORT_LABELS[s] })),
        csvHref: `/board/portfolio.csv${csvQuery(filters)}`,
        xlsxHref: `/board/portfolio.xlsx${csvQuery(filters)}`,
      },
      errors.length ? 400 : 200,
    );
  }

  /** A programme id that is not (or no longer) ours: say so on the page rather than fail it. */
  private unknownProgramme(error: unknown, errors: FilterError[]): null {
    if ((error as { status?: number }).status === 404) {
      errors.push({ text: 'Select a programme from the list', href: '#programmeId' });
      return null;
    }
    throw error;
  }

  @Get('portfolio.csv')
  @BoardPage('portfolio:read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="portfolio.csv"')
  @Header('cache-control', 'no-store')
  async csv(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>): Promise<string> {
    const { filters } = parsePortfolioFilters(query);
    return portfolioCsv(await this.portfolio.view(actor, filters));
  }
}
