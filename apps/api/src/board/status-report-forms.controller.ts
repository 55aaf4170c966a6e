import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, currentPeriod, CurrentActor, ParseIdPipe } from '@app/platform';
import { DELIVERY_CONFIDENCE, DeliveryConfidence, Dimension, DIMENSIONS, ProjectsService, Rag, RAG, StatusReportsService } from '@app/portfolio';
import { RatingService } from '@app/governance';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { DIMENSION_LABELS, RATING_LABELS } from './board-format';
import { FormBody, FormErrors, seeOther, text } from './form-fields';
import { pageContext } from './page-context';

const UUID = new ParseIdPipe();
const LONG_TEXT = 10_000;
const RAG_LABELS: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

/**
 * A project manager's monthly status report: ratings, narrative, risks and decisions, with the
 * evidence-based rating shown beside their own before they submit, then check your answers.
 * Submitting stores it as the API does (a second report for a period is a new revision).
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class StatusReportFormsController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly projects: ProjectsService,
    private readonly reports: StatusReportsService,
    private readonly ratings: RatingService,
  ) {}

  @Get('projects/:id/status-reports/new')
  @BoardPage('portfolio:write')
  async form(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.load(actor, id);
    const form = { overall: '', narrative: '', keyRisks: '', decisionsNeeded: '', dimensions: {} as Record<string, string> };
    return this.renderer.send(reply, 'status-report-new.njk', { ...pageContext(request), ...context, title: 'Write the status report', form });
  }

  @Post('projects/:id/status-reports')
  @BoardPage('portfolio:write')
  async submit(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.load(actor, id);
    const form = {
      overall: text(body, 'overall'),
      narrative: text(body, 'narrative'),
      keyRisks: text(body, 'keyRisks'),
      decisionsNeeded: text(body, 'decisionsNeeded'),
      dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, text(body, `dimension-${d}`)])) as Record<string, string>,
    };
    const errors = new FormErrors();
    if (!(DELIVERY_CONFIDENCE as readonly string[]).includes(form.overall)) errors.add('overall', 'Select your overall delivery confidence');
    for (const d of DIMENSIONS) if (!(RAG as readonly string[]).includes(form.dimensions[d])) errors.add(`dimension-${d}`, `Select a rating for ${DIMENSION_LABELS[d].toLowerCase()}`);
    if (!form.narrative) errors.add('narrative', 'Enter a summary of progress this month');
    for (const [field, label] of [['narrative', 'The summary'], ['keyRisks', 'Key risks'], ['decisionsNeeded', 'Decisions needed']] as const) {
      if (form[field].length > LONG_TEXT) errors.add(field, `${label} must be ${LONG_TEXT} characters or fewer`);
    }
    const action = text(body, 'action');
    if (errors.any || action === 'change') {
      return this.renderer.send(reply, 'status-report-new.njk', { ...pageContext(request), ...context, title: 'Write the status report', form, errors: errors.list, fieldErrors: errors.byField }, errors.any ? 400 : 200);
    }
    if (action !== 'confirm') {
      return this.renderer.send(reply, 'status-report-check.njk', { ...pageContext(request), ...context, title: 'Check your status report', form, dimensionRows: DIMENSIONS.map((d) => ({ label: DIMENSION_LABELS[d], value: RAG_LABELS[form.dimensions[d] as Rag] })) });
    }
    const report = await this.reports.submit(actor, { type: 'project', id }, {
      period: context.period,
      overall: form.overall as DeliveryConfidence,
      dimensions: form.dimensions as Record<Dimension, Rag>,
      narrative: form.narrative,
      keyRisks: form.keyRisks || null,
      decisionsNeeded: form.decisionsNeeded || null,
    });
    return seeOther(reply, `/board/projects/${id}/status-reports/submitted?revision=${report.revision}`);
  }

  @Get('projects/:id/status-reports/submitted')
  @BoardPage('portfolio:read')
  async submitted(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.load(actor, id);
    return this.renderer.send(reply, 'status-report-submitted.njk', { ...pageContext(request), ...context, title: 'Status report submitted' });
  }

  private async load(actor: Actor, projectId: string) {
    const project = await this.projects.get(actor, projectId);
    const rating = await this.ratings.forProject(actor, projectId).catch((error: { status?: number }) => {
      if (error.status === 409) return null; // not an active project: not rated
      throw error;
    });
    const period = currentPeriod();
    return {
      project,
      rating,
      period,
      overallOptions: DELIVERY_CONFIDENCE.map((value) => ({ value, text: RATING_LABELS[value] })),
      ragOptions: RAG.map((value) => ({ value, text: RAG_LABELS[value] })),
      dimensions: DIMENSIONS.map((d) => ({ name: d, label: DIMENSION_LABELS[d] })),
    };
  }
}
