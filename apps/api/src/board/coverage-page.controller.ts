import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor } from '@app/platform';
import { CoverageService } from '@app/governance';
import { BoardReadsService, StoredCoverage } from '@app/reporting';
import { periodLabel } from './board-format';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';
import { controlName } from './plain-english';

/** How many earlier periods each control's trend shows. */
const TREND_PERIODS = 6;

type Coverage = Awaited<ReturnType<CoverageService['coverage']>>;

/** What a stored pack keeps of coverage: the share passing each rule, overall and per programme. */
export function compactCoverage(coverage: Coverage): StoredCoverage {
  const stored: StoredCoverage = {};
  coverage.organisation.rules.forEach((rule, index) => {
    stored[rule.rule] = { all: rule.passingPct, programmes: Object.fromEntries(coverage.programmes.map((g) => [g.programmeId, g.rules[index].passingPct])) };
  });
  return stored;
}

const wholePct = (pct: number | null): number | null => (pct === null ? null : Math.round(pct));

/**
 * Governance coverage: each rule as the control it checks ("Projects with recent user feedback"),
 * the share passing overall and per programme, each linked to the open flags of those failing it,
 * with the share each earlier period's stored board pack showed.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class CoveragePageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly coverage: CoverageService,
    private readonly reads: BoardReadsService,
  ) {}

  @Get('coverage')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const coverage = await this.coverage.coverage(actor);
    const history = await this.reads.coverageHistory(actor, TREND_PERIODS + 1);
    const cell = (c: Coverage['organisation']['rules'][number], programmeId: string | null) => {
      const trend = history
        .map((h) => ({ period: h.period, label: periodLabel(h.period), pct: wholePct(programmeId ? (h.coverage[c.rule]?.programmes?.[programmeId] ?? null) : (h.coverage[c.rule]?.all ?? null)) }))
        .filter((t) => t.pct !== null)
        .slice(0, TREND_PERIODS);
      const failing = c.total - c.passing;
      return {
        pct: wholePct(c.passingPct),
        passing: c.passing,
        total: c.total,
        failing,
        subject: c.subject,
        href: `/board/flags?rule=${c.rule}${programmeId ? `&programmeId=${programmeId}` : ''}`,
        trend,
      };
    };
    const rows = coverage.organisation.rules.map((rule, index) => ({
      rule: rule.rule,
      name: controlName(rule.rule),
      all: cell(rule, null),
      programmes: coverage.programmes.map((g) => cell(g.rules[index], g.programmeId)),
    }));
    return this.renderer.send(reply, 'coverage.njk', { ...pageContext(request), title: 'Governance coverage', section: 'coverage', coverage, rows, hasHistory: history.length > 0 });
  }
}
