import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, Problem, ParseIdPipe } from '@app/platform';
import { ProgrammesService, ProjectsService, StatusReportsService } from '@app/portfolio';
import { KpisService, MeasurementsService } from '@app/kpis';
import { EngagementSummaryService } from '@app/engagement';
import { BudgetsService, WholeLifeCostService } from '@app/finance';
import { FlagsService, RatingService } from '@app/governance';
import { BoardReadsService } from '@app/reporting';
import { AccountabilitySummaryService } from '@app/accountability';
import { CapabilityService } from '@app/capability';
import { BenefitsService, deliverySettings, MilestonesService } from '@app/delivery';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { kpiChart } from './charts/kpi-chart';
import { spendChart } from './charts/spend-chart';
import { pageContext } from './page-context';

const NOTE_MAX = 2000;
const UUID = new ParseIdPipe();

/** One project's evidence: reports over time, KPIs against their lines, spend, engagement, flags. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class ProjectPageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly projects: ProjectsService,
    private readonly programmes: ProgrammesService,
    private readonly reports: StatusReportsService,
    private readonly kpis: KpisService,
    private readonly measurements: MeasurementsService,
    private readonly engagement: EngagementSummaryService,
    private readonly flags: FlagsService,
    private readonly ratings: RatingService,
    private readonly reads: BoardReadsService,
    private readonly budgets: BudgetsService,
    private readonly wholeLife: WholeLifeCostService,
    private readonly accountability: AccountabilitySummaryService,
    private readonly capability: CapabilityService,
    private readonly milestones: MilestonesService,
    private readonly benefits: BenefitsService,
  ) {}

  @Get('projects/:id')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const data = await this.load(actor, id);
    const acknowledged = typeof query.acknowledged === 'string' ? data.flags.find((f) => f.id === query.acknowledged) : undefined;
    return this.renderer.send(reply, 'project.njk', { ...pageContext(request), ...data, acknowledged });
  }

  @Post('flags/:id/acknowledge')
  @BoardPage('governance:write')
  async acknowledge(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: Record<string, unknown> | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const flag = await this.flags.get(actor, id);
    const note = typeof body?.note === 'string' ? body.note.trim() : '';
    const problem = !note ? 'Enter a note saying what the board has agreed to do' : note.length > NOTE_MAX ? `The note must be ${NOTE_MAX} characters or fewer` : null;
    if (problem) {
      if (!flag.projectId) throw new Problem(400, 'validation_failed', problem);
      const data = await this.load(actor, flag.projectId);
      const errors = [{ text: problem, href: `#note-${id}` }];
      return this.renderer.send(reply, 'project.njk', { ...pageContext(request), ...data, errors, noteErrors: { [id]: problem }, notes: { [id]: note } }, 400);
    }
    await this.flags.acknowledge(actor, id, note);
    const target = flag.projectId ? `/board/projects/${flag.projectId}?acknowledged=${id}#flag-${id}` : '/board';
    reply.status(303).header('location', target).header('cache-control', 'no-store');
    return '';
  }

  private async load(actor: Actor, id: string) {
    const project = await this.projects.get(actor, id);
    const [programme, history, kpis, rating, curve, engagement, flags, budgetHistory, wholeLifeCost, accountability] = await Promise.all([
      this.programmes.get(actor, project.programmeId),
      this.reports.history(actor, { type: 'project', id }, { limit: 24 }),
      this.kpis.list(actor, { projectId: id, limit: 50 }),
      this.ratings.forProject(actor, id).catch((error: { status?: number }) => {
        if (error.status === 409) return null; // not an active project: not rated
        throw error;
      }),
      this.reads.spendCurve(actor, id),
      this.engagement.forProject(actor, id),
      this.flags.list(actor, { projectId: id, status: 'unresolved', limit: 100 }),
      this.budgets.history(actor, id),
      this.wholeLife.get(actor, id),
      this.accountability.project(actor, id),
    ]);
    const capability = await this.capability.forProject(actor, id);
    const milestones = await this.milestones.list(actor, { projectId: id });
    const benefits = await this.benefits.summary(actor, { type: 'project', id });
    const settings = await this.milestones.settings(actor);
    const charts = await Promise.all(
      kpis.data.map(async (kpi) => {
        const readings = await this.measurements.list(actor, kpi.id, { limit: 200 });
        return { kpi, chart: kpiChart(kpi, readings.data.map((m) => ({ date: m.date, value: m.value }))) };
      }),
    );
    // A draft is not yet reported: the latest report submitted for approval or approved is.
    const current = history.data.find((r) => r.current && r.state !== 'draft');
    return {
      title: `${project.code} ${project.name}`,
      section: 'portfolio',
      project,
      programme,
      reports: history.data,
      current,
      rating,
      optimismGap: rating?.gapSteps ?? null,
      charts,
      spend: spendChart(id, curve),
      curve,
      engagement,
      flags: flags.data,
      // Newest change first: the board asks what changed last and why.
      budgetChanges: [...budgetHistory.changes].reverse(),
      wholeLifeCost,
      accountability,
      capability,
      milestones,
      benefits,
      slipThreshold: deliverySettings(settings).milestoneSlipDays,
    };
  }
}
