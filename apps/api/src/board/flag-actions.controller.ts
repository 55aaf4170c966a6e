import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, addDays, BoardPage, CurrentActor, PeopleService, Problem, todayInLondon, ParseIdPipe } from '@app/platform';
import { ProgrammesService, ProjectsService } from '@app/portfolio';
import { FlagsService } from '@app/governance';
import { ActionsService } from '@app/accountability';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { dateParts, FormBody, FormErrors, readDate, seeOther, text } from './form-fields';
import { pageContext } from './page-context';
import { flagEvidence, flagTitle } from './plain-english';

const UUID = new ParseIdPipe();
const TITLE_MAX = 200;
const NOTES_MAX = 4000;

/**
 * Triage on the board: a member who may act on a flag assigns an action to a person with a due
 * date. The action lands on the assignee's "My work"; the flag stays open until its cause is fixed.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class FlagActionsController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly flags: FlagsService,
    private readonly actions: ActionsService,
    private readonly people: PeopleService,
    private readonly projects: ProjectsService,
    private readonly programmes: ProgrammesService,
  ) {}

  @Get('flags/:id/actions/new')
  @BoardPage('governance:write')
  async form(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.load(actor, id);
    const form = { title: '', ownerPersonId: '', notes: '', dueOn: dateParts(addDays(todayInLondon(), 14)) };
    return this.renderer.send(reply, 'flag-action-new.njk', { ...pageContext(request), ...context, title: 'Assign an action', form });
  }

  @Post('flags/:id/actions')
  @BoardPage('governance:write')
  async submit(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.load(actor, id);
    const form = { title: text(body, 'title'), ownerPersonId: text(body, 'ownerPersonId'), notes: text(body, 'notes'), dueOn: { day: text(body, 'dueOn-day'), month: text(body, 'dueOn-month'), year: text(body, 'dueOn-year') } };
    const errors = new FormErrors();
    if (!form.title) errors.add('title', 'Enter what needs to be done');
    else if (form.title.length > TITLE_MAX) errors.add('title', `What needs to be done must be ${TITLE_MAX} characters or fewer`);
    if (!context.people.some((p) => p.id === form.ownerPersonId)) errors.add('ownerPersonId', 'Select who will do it');
    const dueOn = readDate(body, 'dueOn', 'the date it is due', errors);
    if (dueOn && dueOn < todayInLondon()) errors.add('dueOn', 'The date it is due must be today or in the future', 'dueOn-day');
    if (form.notes.length > NOTES_MAX) errors.add('notes', `Notes must be ${NOTES_MAX} characters or fewer`);
    if (errors.any) return this.renderer.send(reply, 'flag-action-new.njk', { ...pageContext(request), ...context, title: 'Assign an action', form, errors: errors.list, fieldErrors: errors.byField }, 400);
    const action = await this.flags.assignAction(actor, id, { title: form.title, ownerPersonId: form.ownerPersonId, dueOn: dueOn as string, notes: form.notes || null });
    return seeOther(reply, `/board/actions/${action.id}/assigned`);
  }

  @Get('actions/:id/assigned')
  @BoardPage('portfolio:read')
  async assigned(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const action = await this.actions.get(actor, id);
    const owner = await this.people.get(actor, action.ownerPersonId).catch(() => null);
    const project = action.projectId ? await this.projects.get(actor, action.projectId) : null;
    const programme = !project && action.programmeId ? await this.programmes.get(actor, action.programmeId) : null;
    return this.renderer.send(reply, 'flag-action-assigned.njk', { ...pageContext(request), title: 'Action assigned', action, ownerName: owner?.name ?? 'the person chosen', project, programme });
  }

  private async load(actor: Actor, id: string) {
    const flag = await this.flags.get(actor, id);
    if (flag.status === 'resolved') throw Problem.conflict('flag_resolved', 'This flag is already resolved: there is nothing left to act on.');
    const project = flag.projectId ? await this.projects.get(actor, flag.projectId) : null;
    const programme = project ? null : await this.programmes.get(actor, flag.programmeId as string);
    const people = (await this.people.list(actor, { limit: 200 })).data.filter((p) => p.status !== 'deactivated').sort((a, b) => a.name.localeCompare(b.name));
    return { flag: { ...flag, title: flagTitle(flag.rule), sentence: flagEvidence(flag) }, project, programme, people };
  }
}
