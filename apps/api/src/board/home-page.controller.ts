import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, currentPeriod, CurrentActor, MembershipsService, todayInLondon } from '@app/platform';
import { ProjectsService, StatusReportsService } from '@app/portfolio';
import { KpisService } from '@app/kpis';
import { ActionsService } from '@app/accountability';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';

const MAX_PROJECTS = 50;

/** A person's own work: the projects they are a member of, and what is due on each this month. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class HomePageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly memberships: MembershipsService,
    private readonly projects: ProjectsService,
    private readonly reports: StatusReportsService,
    private readonly kpis: KpisService,
    private readonly actions: ActionsService,
  ) {}

  @Get('home')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const period = currentPeriod();
    const context = { ...pageContext(request), title: 'My work', section: 'home', period };
    if (!actor.personId) return this.renderer.send(reply, 'home.njk', { ...context, items: [], actions: [], person: false });
    const actions = await this.ownActions(actor, actor.personId);
    const mine = (await this.memberships.list(actor, { personId: actor.personId })).data;
    const projectIds = new Set(mine.filter((m) => m.projectId).map((m) => m.projectId as string));
    // A programme role owns every project of the programme.
    const programmeProjects = await Promise.all(mine.filter((m) => m.programmeId).map((m) => this.projects.list(actor, { programmeId: m.programmeId as string, limit: MAX_PROJECTS })));
    for (const page of programmeProjects) for (const p of page.data) projectIds.add(p.id);
    const items = await Promise.all(
      [...projectIds].slice(0, MAX_PROJECTS).map(async (id) => {
        const [project, reports, kpis] = await Promise.all([
          this.projects.get(actor, id),
          this.reports.history(actor, { type: 'project', id }, { period, limit: 1 }),
          this.kpis.list(actor, { projectId: id, limit: 100 }),
        ]);
        const due = kpis.data.filter((k) => k.status === 'active' && !(k.evaluation.latest && k.evaluation.latest.date.startsWith(period)));
        return { project, reported: reports.data.length > 0, due, roles: mine.filter((m) => m.projectId === id).map((m) => m.role.replace(/_/g, ' ')) };
      }),
    );
    items.sort((a, b) => a.project.code.localeCompare(b.project.code));
    return this.renderer.send(reply, 'home.njk', { ...context, items, actions, person: true });
  }

  /** Open actions the person owns, soonest due first, each with where it belongs. */
  private async ownActions(actor: Actor, personId: string) {
    const open = (await this.actions.list(actor, { ownerPersonId: personId, status: 'open', limit: 100 })).data;
    const today = todayInLondon();
    const names = new Map<string, { id: string; label: string } | null>();
    for (const id of new Set(open.map((a) => a.projectId).filter((id): id is string => Boolean(id)))) {
      const project = await this.projects.get(actor, id).catch(() => null);
      names.set(id, project ? { id: project.id, label: `${project.code} ${project.name}` } : null);
    }
    return open.map((a) => ({ ...a, overdue: a.dueOn < today, project: a.projectId ? (names.get(a.projectId) ?? null) : null }));
  }
}
