import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, currentPeriod, CurrentActor } from '@app/platform';
import { BoardReadsService, PortfolioService, previousPeriod } from '@app/reporting';
import { AccountabilitySummaryService } from '@app/accountability';
import { CapabilityService } from '@app/capability';
import { PERIOD_PATTERN, periodLabel, UUID_PATTERN } from './board-format';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { recentPeriods } from './portfolio-page.controller';
import { pageContext } from './page-context';

/**
 * The board pack: one printable page per programme for a period. The reported part is built from
 * the stored status reports as submitted by a cut-off; the evidence comes from the same read model
 * as every page. What the pack showed is stored when it is produced, and its permanent link shows
 * exactly that again (`?snapshot=`); `?submittedBy=` rebuilds the reports as of a cut-off.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class PackPageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly reads: BoardReadsService,
    private readonly portfolio: PortfolioService,
    private readonly accountability: AccountabilitySummaryService,
    private readonly capability: CapabilityService,
  ) {}

  @Get('pack')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const errors: { text: string; href: string }[] = [];
    const base = { ...pageContext(request), title: 'Board pack', section: 'pack', periods: recentPeriods().map((p) => ({ value: p, text: periodLabel(p) })) };
    if (typeof query.snapshot === 'string' && query.snapshot) {
      if (!UUID_PATTERN.test(query.snapshot)) errors.push({ text: 'The link to this pack is not complete; open the pack again from the menu', href: '#period' });
      else {
        const stored = await this.reads.storedPack(actor, query.snapshot.toLowerCase());
        return this.renderer.send(reply, 'pack.njk', { ...base, ...stored.content, title: `Board pack, ${periodLabel(stored.period)}`, takenAt: stored.takenAt, permalink: `/board/pack?snapshot=${stored.id}` });
      }
    }
    let period = typeof query.period === 'string' ? query.period.trim() : '';
    if (period && !PERIOD_PATTERN.test(period)) errors.push({ text: 'Enter the period as a year and month, like 2026-10', href: '#period' });
    else if (period > currentPeriod()) errors.push({ text: 'The period must not be in the future', href: '#period' });
    // A cut-off link names the exact instant (to the millisecond) the reports were taken at.
    let submittedBy = new Date();
    if (typeof query.submittedBy === 'string' && query.submittedBy) {
      const parsed = new Date(query.submittedBy);
      if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(query.submittedBy)) errors.push({ text: 'The cut-off must be a date and time like 2026-11-05T17:00:00Z', href: '#period' });
      else submittedBy = parsed;
    }
    if (errors.length) return this.renderer.send(reply, 'pack.njk', { ...base, errors, period }, 400);

    const view = await this.portfolio.view(actor, period ? { period } : {});
    period = view.period;
    const programmes = await this.reads.pack(actor, period, submittedBy);
    const capability = new Map((await this.capability.byProgramme(actor)).map((c) => [c.programmeId, c]));
    const projects = new Map(view.programmes.flatMap((g) => g.projects).map((p) => [p.id, p]));
    const programmeEvidence = new Map(view.programmes.map(({ projects: _, ...g }) => [g.id, g]));
    const accountability = new Map((await this.accountability.programmes(actor, programmes.map((g) => g.id))).map((a) => [a.programmeId, a]));
    const cutOff = submittedBy.toISOString();
    const content = {
      period,
      previousPeriod: previousPeriod(period),
      programmes: programmes.map((g) => ({
        ...g,
        evidence: programmeEvidence.get(g.id) ?? null,
        accountability: accountability.get(g.id) ?? null,
        capability: capability.get(g.id) ?? null,
        projects: g.projects.map((p) => ({ ...p, evidence: p.project_id ? (projects.get(p.project_id) ?? null) : null })),
      })),
      view: { ...view, programmes: [] },
      cutOff,
      cutOffLink: `/board/pack?period=${period}&submittedBy=${encodeURIComponent(cutOff)}`,
      csvHref: `/board/portfolio.csv?period=${period}`,
    };
    const stored = await this.reads.storePack(actor, period, submittedBy, content);
    return this.renderer.send(reply, 'pack.njk', { ...base, ...content, title: `Board pack, ${periodLabel(period)}`, takenAt: stored.takenAt, permalink: `/board/pack?snapshot=${stored.id}` });
  }
}
