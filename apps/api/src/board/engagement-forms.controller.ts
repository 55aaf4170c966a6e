import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, todayInLondon, ParseIdPipe } from '@app/platform';
import { ProjectsService } from '@app/portfolio';
import { ENGAGEMENT_KINDS, EngagementKind, EngagementsService, StakeholderGroupsService } from '@app/engagement';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { dateParts, FormBody, FormErrors, readDate, readWhole, seeOther, text } from './form-fields';
import { pageContext } from './page-context';

const UUID = new ParseIdPipe();
const LONG_TEXT = 10_000;

export const ENGAGEMENT_KIND_LABELS: Record<EngagementKind, string> = {
  user_research: 'User research',
  usability_test: 'Usability test',
  survey: 'Survey',
  consultation: 'Consultation',
  co_design: 'Co-design session',
  feedback_review: 'Review of feedback',
};

/** Recording an engagement with a stakeholder group: what was heard, and what was done about it. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class EngagementFormsController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly projects: ProjectsService,
    private readonly groups: StakeholderGroupsService,
    private readonly engagements: EngagementsService,
  ) {}

  @Get('projects/:id/engagements/new')
  @BoardPage('engagement:write')
  async form(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.load(actor, id);
    const form = { groupId: '', kind: '', participants: '', findings: '', actionsTaken: '', date: dateParts(todayInLondon()) };
    return this.renderer.send(reply, 'engagement-new.njk', { ...pageContext(request), ...context, title: 'Record an engagement', form });
  }

  @Post('projects/:id/engagements')
  @BoardPage('engagement:write')
  async submit(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Body() body: FormBody, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const context = await this.load(actor, id);
    const form = {
      groupId: text(body, 'groupId'),
      kind: text(body, 'kind'),
      participants: text(body, 'participants'),
      findings: text(body, 'findings'),
      actionsTaken: text(body, 'actionsTaken'),
      date: { day: text(body, 'date-day'), month: text(body, 'date-month'), year: text(body, 'date-year') },
    };
    const errors = new FormErrors();
    if (!context.groups.some((g) => g.id === form.groupId)) errors.add('groupId', 'Select the stakeholder group you engaged');
    if (!(ENGAGEMENT_KINDS as readonly string[]).includes(form.kind)) errors.add('kind', 'Select what kind of engagement it was', 'kind');
    const occurredOn = readDate(body, 'date', 'the date it happened', errors, { notFuture: true });
    const participants = readWhole(form.participants);
    if (participants === null) errors.add('participants', form.participants ? 'The number of people taking part must be a whole number, like 12' : 'Enter how many people took part');
    if (!form.findings) errors.add('findings', 'Enter what you heard');
    else if (form.findings.length > LONG_TEXT) errors.add('findings', `What you heard must be ${LONG_TEXT} characters or fewer`);
    if (form.actionsTaken.length > LONG_TEXT) errors.add('actionsTaken', `What you did must be ${LONG_TEXT} characters or fewer`);
    if (errors.any) {
      return this.renderer.send(reply, 'engagement-new.njk', { ...pageContext(request), ...context, title: 'Record an engagement', form, errors: errors.list, fieldErrors: errors.byField }, 400);
    }
    const created = await this.engagements.create(actor, {
      projectId: id,
      groupId: form.groupId,
      kind: form.kind as EngagementKind,
      occurredOn: occurredOn as string,
      participants: participants as number,
      findings: form.findings,
      actionsTaken: form.actionsTaken || null,
    });
    return seeOther(reply, `/board/engagements/${created.id}/recorded`);
  }

  @Get('engagements/:id/recorded')
  @BoardPage('portfolio:read')
  async recorded(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', UUID) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const engagement = await this.engagements.get(actor, id);
    const project = await this.projects.get(actor, engagement.projectId);
    return this.renderer.send(reply, 'engagement-recorded.njk', { ...pageContext(request), title: 'Engagement recorded', engagement, project, kindLabel: ENGAGEMENT_KIND_LABELS[engagement.kind] });
  }

  private async load(actor: Actor, projectId: string) {
    const project = await this.projects.get(actor, projectId);
    const groups = (await this.groups.list(actor, { projectId, limit: 100 })).data;
    return { project, groups, kinds: ENGAGEMENT_KINDS.map((k) => ({ value: k, text: ENGAGEMENT_KIND_LABELS[k] })) };
  }
}
