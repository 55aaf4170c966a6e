import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, hasScope, isCalendarDate, Problem, todayInLondon, ParseIdPipe } from '@app/platform';
import { ProjectsService } from '@app/portfolio';
import { KpisService, KpiView, MeasurementCorrectionsService, MeasurementsService } from '@app/kpis';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { dateParts, FormBody, FormErrors, readDate, readNumber, seeOther, text } from './form-fields';
import { pageContext } from './page-context';

const UUID = new ParseIdPipe();
const REASON_MAX = 2000;

interface Entry {
  kpi: KpiView;
  raw: string;
  value: number | null;
}

/**
 * Recording a month's measurements for every KPI of a project at once (form, check your answers,
 * confirmation), and correcting or withdrawing one measurement with a reason.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class MeasurementFormsController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly projects: ProjectsService,
    private readonly kpis: KpisService,
    private readonly measurements: MeasurementsService,
    private readonly corrections: MeasurementCorrectionsService,
  ) {}

  @Get('projects/:id/measurements/new')
  @BoardPage('kpis:write')
  async form(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { project, kpis } = await this.load(actor, id);
    const entries = kpis.map((kpi) => ({ kpi, raw: '', value: null }));
    return this.renderer.send(reply, 'measurements-new.njk', { ...pageContext(request), title: 'Record measurements', project, entries, date: dateParts(todayInLondon()), note: '' });
  }

  /** The form posts here twice: first to check the answers, then (action=confirm) to record them. */
  @Post('projects/:id/measurements')
  @BoardPage('kpis:write')
  async submit(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { project, kpis } = await this.load(actor, id);
    const errors = new FormErrors();
    const date = readDate(body, 'date', 'the date the measurements are for', errors, { notFuture: true });
    const note = text(body, 'note');
    if (note.length > 2000) errors.add('note', 'The note must be 2000 characters or fewer');
    const entries: Entry[] = kpis.map((kpi) => {
      const raw = text(body, `value-${kpi.id}`);
      const value = raw === '' ? null : readNumber(raw);
      if (raw !== '' && value === null) errors.add(`value-${kpi.id}`, `${kpi.name} must be a number, like 71.5`);
      return { kpi, raw, value };
    });
    if (!errors.any && entries.every((e) => e.value === null)) errors.add(`value-${kpis[0]?.id ?? 'none'}`, 'Enter at least one measurement');
    const context = { ...pageContext(request), project, entries, date: { day: text(body, 'date-day'), month: text(body, 'date-month'), year: text(body, 'date-year') }, note };
    if (errors.any || text(body, 'action') === 'change') {
      return this.renderer.send(reply, 'measurements-new.njk', { ...context, title: 'Record measurements', errors: errors.list, fieldErrors: errors.byField }, errors.any ? 400 : 200);
    }
    const given = entries.filter((e) => e.value !== null);
    if (text(body, 'action') !== 'confirm') {
      return this.renderer.send(reply, 'measurements-check.njk', { ...context, title: 'Check your measurements', isoDate: date, given });
    }
    const items = given.map((e) => ({ kpiId: e.kpi.id, date, value: e.value, source: 'manual', ...(note ? { note } : {}) }));
    const result = await this.measurements.batch(actor, items);
    const failed = result.results.filter((r) => r.status === 'invalid' || r.status === 'not_found' || r.status === 'forbidden');
    if (failed.length) {
      for (const r of failed) errors.add(`value-${given[r.index].kpi.id}`, `${given[r.index].kpi.name}: ${(r.errors ?? []).map((e) => e.message).join('; ')}`);
      return this.renderer.send(reply, 'measurements-new.njk', { ...context, title: 'Record measurements', errors: errors.list, fieldErrors: errors.byField }, 400);
    }
    return seeOther(reply, `/board/projects/${id}/measurements/recorded?date=${date}&count=${given.length}`);
  }

  @Get('projects/:id/measurements/recorded')
  @BoardPage('portfolio:read')
  async recorded(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { project, kpis } = await this.load(actor, id);
    const query = request.query as Record<string, string | undefined>;
    return this.renderer.send(reply, 'measurements-recorded.njk', { ...pageContext(request), title: 'Measurements recorded', project, kpis, date: query.date ?? null, count: Number(query.count ?? 0) });
  }

  /** One KPI's measurements, each with a link to correct it. */
  @Get('kpis/:id/measurements')
  @BoardPage('portfolio:read')
  async list(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const kpi = await this.kpis.get(actor, id);
    const project = await this.projects.get(actor, kpi.projectId);
    const readings = await this.measurements.list(actor, id, { limit: 200 });
    const canWrite = actor.personId ? Boolean(request.subjectAccess?.write) : hasScope(actor.scopes, 'kpis:write');
    return this.renderer.send(reply, 'kpi-measurements.njk', { ...pageContext(request), title: `${kpi.name}: measurements`, kpi, project, readings: readings.data, canWrite });
  }

  @Get('kpis/:id/measurements/:date/correct')
  @BoardPage('kpis:write')
  async correctForm(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Param('date') date: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.correction(actor, id, date);
    if (!context.history.current) throw Problem.notFound('measurement');
    return this.renderer.send(reply, 'measurement-correct.njk', { ...pageContext(request), ...context, title: 'Correct a measurement', form: { action: '', value: '', reason: '', version: String(context.history.current.version) } });
  }

  @Post('kpis/:id/measurements/:date/correct')
  @BoardPage('kpis:write')
  async correct(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Param('date') date: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const form = { action: text(body, 'action'), value: text(body, 'value'), reason: text(body, 'reason'), version: text(body, 'version') };
    const errors = new FormErrors();
    if (form.action !== 'correct' && form.action !== 'withdraw') errors.add('action', 'Select whether to correct the value or withdraw the measurement');
    const value = readNumber(form.value);
    if (form.action === 'correct' && value === null) errors.add('value', form.value ? 'The correct value must be a number, like 71.5' : 'Enter the correct value');
    if (!form.reason) errors.add('reason', form.action === 'withdraw' ? 'Enter why the measurement is being withdrawn' : 'Enter why the measurement is being corrected');
    else if (form.reason.length > REASON_MAX) errors.add('reason', `The reason must be ${REASON_MAX} characters or fewer`);
    const version = /^\d{1,9}$/.test(form.version) ? Number(form.version) : -1;
    if (!errors.any) {
      try {
        if (form.action === 'correct') await this.corrections.correct(actor, id, date, version, { value: value as number, reason: form.reason });
        else await this.corrections.withdraw(actor, id, date, version, form.reason);
        return seeOther(reply, `/board/kpis/${id}/measurements/${date}/corrected?change=${form.action}`);
      } catch (error) {
        const problem = error as Problem & { extras?: { errors?: { message: string }[] } };
        if (problem.status === 412) errors.add('action', 'Someone changed this measurement while you were looking at it. Check its value below and try again');
        else if (problem.status === 400 && problem.code === 'validation_failed') errors.add('value', `The correct value ${(problem.extras?.errors ?? [])[0]?.message.replace(/^value /, '') ?? 'is not valid'}`);
        else throw error;
      }
    }
    const context = await this.correction(actor, id, date);
    if (!context.history.current) throw Problem.notFound('measurement');
    const kept = { ...form, version: errors.byField.action?.startsWith('Someone') ? String(context.history.current.version) : form.version };
    return this.renderer.send(reply, 'measurement-correct.njk', { ...pageContext(request), ...context, title: 'Correct a measurement', form: kept, errors: errors.list, fieldErrors: errors.byField }, errors.byField.action?.startsWith('Someone') ? 409 : 400);
  }

  @Get('kpis/:id/measurements/:date/corrected')
  @BoardPage('portfolio:read')
  async corrected(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Param('date') date: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.correction(actor, id, date);
    const change = (request.query as Record<string, string | undefined>).change === 'withdraw' ? 'withdrawn' : 'corrected';
    return this.renderer.send(reply, 'measurement-corrected.njk', { ...pageContext(request), ...context, title: `Measurement ${change}`, change });
  }

  private async correction(actor: Actor, id: string, date: string) {
    if (!isCalendarDate(date)) throw Problem.notFound('measurement');
    const kpi = await this.kpis.get(actor, id);
    const project = await this.projects.get(actor, kpi.projectId);
    const history = await this.corrections.history(actor, id, date);
    return { kpi, project, history, date };
  }

  private async load(actor: Actor, projectId: string) {
    const project = await this.projects.get(actor, projectId);
    const kpis = await this.kpis.list(actor, { projectId, limit: 100 });
    return { project, kpis: kpis.data.filter((k) => k.status === 'active') };
  }
}
