import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, todayInLondon, ParseIdPipe } from '@app/platform';
import { ProjectsService } from '@app/portfolio';
import { BuyInReadingsService, StakeholderGroupsService, TrainingRecordsService } from '@app/engagement';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { dateParts, FormBody, FormErrors, readDate, readNumber, readWhole, seeOther, text } from './form-fields';
import { pageContext } from './page-context';

const UUID = new ParseIdPipe();
type Kind = 'buy-in' | 'training';

const FIELDS: Record<Kind, { name: string; label: string; hint?: string; width: string; whole: boolean }[]> = {
  'buy-in': [
    { name: 'respondents', label: 'How many people answered?', width: 'govuk-input--width-5', whole: true },
    { name: 'supportivePct', label: 'Supportive (%)', hint: 'The three shares add up to 100', width: 'govuk-input--width-4', whole: false },
    { name: 'neutralPct', label: 'Neutral (%)', width: 'govuk-input--width-4', whole: false },
    { name: 'opposedPct', label: 'Opposed (%)', width: 'govuk-input--width-4', whole: false },
  ],
  training: [
    { name: 'staffInScope', label: 'How many staff need training?', width: 'govuk-input--width-5', whole: true },
    { name: 'staffTrained', label: 'How many have been trained?', width: 'govuk-input--width-5', whole: true },
  ],
};
const TITLES: Record<Kind, string> = { 'buy-in': 'Record a buy-in reading', training: 'Record training' };

/** Buy-in readings (a pulse survey of a group) and training records (staff trained so far), one page each. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class EvidenceFormsController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly projects: ProjectsService,
    private readonly groups: StakeholderGroupsService,
    private readonly readings: BuyInReadingsService,
    private readonly training: TrainingRecordsService,
  ) {}

  @Get('projects/:id/buy-in/new')
  @BoardPage('engagement:write')
  buyInForm(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.show(actor, request, reply, id, 'buy-in');
  }

  @Get('projects/:id/training/new')
  @BoardPage('engagement:write')
  trainingForm(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.show(actor, request, reply, id, 'training');
  }

  @Post('projects/:id/buy-in')
  @BoardPage('engagement:write')
  buyIn(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.submit(actor, request, reply, id, 'buy-in', body);
  }

  @Post('projects/:id/training')
  @BoardPage('engagement:write')
  trainingRecord(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.submit(actor, request, reply, id, 'training', body);
  }

  private async show(actor: Actor, request: BoardRequest, reply: FastifyReply, id: string, kind: Kind, extra: Record<string, unknown> = {}, status = 200): Promise<string> {
    const project = await this.projects.get(actor, id);
    const groups = (await this.groups.list(actor, { projectId: id, limit: 100 })).data;
    const form = (extra.form as Record<string, unknown> | undefined) ?? { groupId: '', text: '', date: dateParts(todayInLondon()) };
    return this.renderer.send(reply, 'evidence-new.njk', { ...pageContext(request), title: TITLES[kind], kind, project, groups, fields: FIELDS[kind], ...extra, form }, status);
  }

  private async submit(actor: Actor, request: BoardRequest, reply: FastifyReply, id: string, kind: Kind, body: FormBody): Promise<string> {
    const groups = (await this.groups.list(actor, { projectId: id, limit: 100 })).data;
    const errors = new FormErrors();
    const form: Record<string, unknown> = { groupId: text(body, 'groupId'), text: text(body, 'text'), date: { day: text(body, 'date-day'), month: text(body, 'date-month'), year: text(body, 'date-year') } };
    if (!groups.some((g) => g.id === form.groupId)) errors.add('groupId', 'Select the stakeholder group');
    const on = readDate(body, 'date', kind === 'buy-in' ? 'the date of the survey' : 'the date of the count', errors, { notFuture: true });
    const values: Record<string, number> = {};
    for (const f of FIELDS[kind]) {
      const raw = text(body, f.name);
      form[f.name] = raw;
      const value = f.whole ? readWhole(raw) : readNumber(raw);
      if (value === null || (!f.whole && (value < 0 || value > 100))) errors.add(f.name, raw ? `${f.label.replace(/\?$/, '')} must be ${f.whole ? 'a whole number' : 'a number from 0 to 100'}` : `Enter ${f.label.toLowerCase().replace(/\?$/, '').replace(/ \(%\)$/, ' share')}`);
      else values[f.name] = value;
    }
    if (kind === 'buy-in' && !errors.any && Math.abs(values.supportivePct + values.neutralPct + values.opposedPct - 100) > 0.5) errors.add('supportivePct', 'Supportive, neutral and opposed must add up to 100');
    if (kind === 'training' && !errors.any && values.staffTrained > values.staffInScope) errors.add('staffTrained', 'More staff cannot be trained than need training');
    if (kind === 'training' && !errors.any && values.staffInScope < 1) errors.add('staffInScope', 'At least one member of staff must need training');
    if (kind === 'buy-in' && !errors.any && values.respondents < 1) errors.add('respondents', 'At least one person must have answered');
    if (errors.any) return this.show(actor, request, reply, id, kind, { form, errors: errors.list, fieldErrors: errors.byField }, 400);
    const note = (form.text as string) || null;
    if (kind === 'buy-in') {
      await this.readings.create(actor, { projectId: id, groupId: form.groupId as string, surveyedOn: on as string, respondents: values.respondents, supportivePct: values.supportivePct, neutralPct: values.neutralPct, opposedPct: values.opposedPct, themes: note });
    } else {
      await this.training.create(actor, { projectId: id, groupId: form.groupId as string, recordedOn: on as string, staffInScope: values.staffInScope, staffTrained: values.staffTrained, course: note });
    }
    return seeOther(reply, `/board/projects/${id}?recorded=${kind}#engagement`);
  }
}
