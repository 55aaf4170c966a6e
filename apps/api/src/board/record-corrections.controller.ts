import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, hasScope, Problem, ParseIdPipe } from '@app/platform';
import { ProjectsService } from '@app/portfolio';
import { BuyInReadingsService, EngagementsService, RecordHistory, StakeholderGroupsService, TrainingRecordsService } from '@app/engagement';
import { dateLabel } from './board-format';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { FormBody, FormErrors, seeOther } from './form-fields';
import { pageContext } from './page-context';
import { formFromRecord, projectOf, readCorrection, RECORD_SPECS, RecordForm, RecordKind } from './record-corrections';

const UUID = new ParseIdPipe();
type Query = Record<string, string | undefined>;

/**
 * Correcting or withdrawing an engagement, a buy-in reading or a training record with a reason, as
 * the measurement correction form does; the earlier versions are listed under the form. Also the
 * project's list of those records, each with a link to correct it.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class RecordCorrectionsController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly projects: ProjectsService,
    private readonly groups: StakeholderGroupsService,
    private readonly engagements: EngagementsService,
    private readonly readings: BuyInReadingsService,
    private readonly training: TrainingRecordsService,
  ) {}

  @Get('projects/:id/records')
  @BoardPage('portfolio:read')
  async records(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const project = await this.projects.get(actor, id);
    const groups = await this.groupNames(actor, id);
    const engagements = (await this.engagements.list(actor, { projectId: id, limit: 100 })).data;
    const readings = (await this.readings.list(actor, { projectId: id, limit: 100 })).data;
    const training = (await this.training.list(actor, { projectId: id, limit: 100 })).data;
    const canWrite = actor.personId ? Boolean(request.subjectAccess?.write) : hasScope(actor.scopes, 'engagement:write');
    return this.renderer.send(reply, 'records.njk', { ...pageContext(request), title: 'Engagement records', project, groups, engagements, readings, training, canWrite });
  }

  @Get('engagements/:id/correct')
  @BoardPage('engagement:write')
  engagementForm(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.form(actor, request, reply, 'engagements', id);
  }

  @Post('engagements/:id/correct')
  @BoardPage('engagement:write')
  engagement(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.submit(actor, request, reply, 'engagements', id, body);
  }

  @Get('engagements/:id/corrected')
  @BoardPage('portfolio:read')
  engagementDone(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.done(actor, request, reply, 'engagements', id);
  }

  @Get('buy-in-readings/:id/correct')
  @BoardPage('engagement:write')
  readingForm(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.form(actor, request, reply, 'buy-in-readings', id);
  }

  @Post('buy-in-readings/:id/correct')
  @BoardPage('engagement:write')
  reading(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.submit(actor, request, reply, 'buy-in-readings', id, body);
  }

  @Get('buy-in-readings/:id/corrected')
  @BoardPage('portfolio:read')
  readingDone(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.done(actor, request, reply, 'buy-in-readings', id);
  }

  @Get('training-records/:id/correct')
  @BoardPage('engagement:write')
  trainingForm(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.form(actor, request, reply, 'training-records', id);
  }

  @Post('training-records/:id/correct')
  @BoardPage('engagement:write')
  trainingRecord(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.submit(actor, request, reply, 'training-records', id, body);
  }

  @Get('training-records/:id/corrected')
  @BoardPage('portfolio:read')
  trainingDone(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.done(actor, request, reply, 'training-records', id);
  }

  private async form(actor: Actor, request: BoardRequest, reply: FastifyReply, kind: RecordKind, id: string): Promise<string> {
    const context = await this.load(actor, kind, id);
    if (!context.history.current) throw Problem.notFound(RECORD_SPECS[kind].noun);
    return this.render(request, reply, context, formFromRecord(RECORD_SPECS[kind], context.history.current));
  }

  private async submit(actor: Actor, request: BoardRequest, reply: FastifyReply, kind: RecordKind, id: string, body: FormBody): Promise<string> {
    const spec = RECORD_SPECS[kind];
    const before = await this.load(actor, kind, id);
    if (!before.history.current) throw Problem.notFound(spec.noun);
    const errors = new FormErrors();
    const { form, patch } = readCorrection(spec, body, before.history.current, errors);
    const version = /^\d{1,9}$/.test(form.version) ? Number(form.version) : -1;
    let stale = false;
    if (!errors.any) {
      try {
        await this.change(actor, kind, id, version, form, patch);
        return seeOther(reply, `/board/${kind}/${id}/corrected?change=${form.action}`);
      } catch (error) {
        const problem = error as Problem;
        if (problem.status === 412) {
          stale = true;
          errors.add('action', `Someone changed this ${spec.noun} while you were looking at it. Check it below and try again`);
        } else if (problem.status === 400 && problem.code === 'validation_failed') {
          for (const e of problem.extras.errors ?? []) errors.add(spec.fields.some((f) => f.name === e.field) ? e.field : 'reason', `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}`);
        } else throw error;
      }
    }
    const now = stale ? await this.load(actor, kind, id) : before;
    if (!now.history.current) throw Problem.notFound(spec.noun);
    const kept = { ...form, version: stale ? String(now.history.current.version) : form.version };
    return this.render(request, reply, now, kept, errors, stale ? 409 : 400);
  }

  private async change(actor: Actor, kind: RecordKind, id: string, version: number, form: RecordForm, patch: Record<string, unknown>): Promise<void> {
    const withdraw = form.action === 'withdraw';
    if (kind === 'engagements') {
      if (withdraw) await this.engagements.withdraw(actor, id, version, form.reason);
      else await this.engagements.update(actor, id, version, { ...patch, reason: form.reason });
    } else if (kind === 'buy-in-readings') {
      if (withdraw) await this.readings.withdraw(actor, id, version, form.reason);
      else await this.readings.correct(actor, id, version, { ...patch, reason: form.reason });
    } else if (withdraw) await this.training.withdraw(actor, id, version, form.reason);
    else await this.training.correct(actor, id, version, { ...patch, reason: form.reason });
  }

  private async done(actor: Actor, request: BoardRequest, reply: FastifyReply, kind: RecordKind, id: string): Promise<string> {
    const context = await this.load(actor, kind, id);
    const change = (request.query as Query).change === 'withdraw' ? 'withdrawn' : 'corrected';
    const noun = RECORD_SPECS[kind].noun;
    return this.renderer.send(reply, 'record-corrected.njk', { ...pageContext(request), ...context, title: `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${change}`, change });
  }

  private render(request: BoardRequest, reply: FastifyReply, context: Awaited<ReturnType<RecordCorrectionsController['load']>>, form: RecordForm, errors?: FormErrors, status = 200): string {
    const spec = RECORD_SPECS[context.kind];
    return this.renderer.send(
      reply,
      'record-correct.njk',
      { ...pageContext(request), ...context, title: `Correct a ${spec.noun}`, form, ...(errors ? { errors: errors.list, fieldErrors: errors.byField } : {}) },
      status,
    );
  }

  private async load(actor: Actor, kind: RecordKind, id: string) {
    const history = (await (kind === 'engagements' ? this.engagements.history(actor, id) : kind === 'buy-in-readings' ? this.readings.history(actor, id) : this.training.history(actor, id))) as RecordHistory<
      Record<string, unknown> & { projectId: string; groupId: string; version: number }
    >;
    const projectId = projectOf(history);
    if (!projectId) throw Problem.notFound(RECORD_SPECS[kind].noun);
    const project = await this.projects.get(actor, projectId);
    const groups = await this.groupNames(actor, projectId);
    const spec = RECORD_SPECS[kind];
    const record = history.current ?? (history.versions[0]?.data as Record<string, unknown>);
    const versions = history.versions.map((v) => ({ ...v, summary: summarise(kind, v.data) }));
    return { kind, spec, fields: spec.fields, history, versions, project, name: spec.describe(record, groups[String(record.groupId)] ?? 'a group') };
  }

  private async groupNames(actor: Actor, projectId: string): Promise<Record<string, string>> {
    const groups = (await this.groups.list(actor, { projectId, limit: 100 })).data;
    return Object.fromEntries(groups.map((g) => [g.id, g.name]));
  }
}

/** An earlier version in a few words, for the history table. */
function summarise(kind: RecordKind, d: Record<string, unknown>): string {
  if (kind === 'engagements') return `${String(d.participants)} took part. Heard: ${String(d.findings)}${d.actionsTaken ? `. Done: ${String(d.actionsTaken)}` : ''}`;
  if (kind === 'buy-in-readings') return `${dateLabel(d.surveyedOn as string)}: ${String(d.respondents)} answered; ${String(d.supportivePct)}% supportive, ${String(d.neutralPct)}% neutral, ${String(d.opposedPct)}% opposed`;
  return `${dateLabel(d.recordedOn as string)}: ${String(d.staffTrained)} of ${String(d.staffInScope)} staff trained${d.course ? ` (${String(d.course)})` : ''}`;
}
