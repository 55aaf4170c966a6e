import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountabilitySummaryService, OwnersService } from '@app/accountability';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { OwnerDto } from './accountability.dto';
import { CurrentOwnerResponse, OwnedByMeResponse, OwnerResponse, ProjectAccountabilityResponse } from './accountability.responses';

const uuid = new ParseIdPipe();

/** The accountable person of a programme (SRO), a project (project manager) and a KPI; a project's accountability at a glance. */
@ApiTags('accountability')
@Controller('v1')
export class OwnersController {
  constructor(
    private readonly owners: OwnersService,
    private readonly summary: AccountabilitySummaryService,
  ) {}

  @Put('programmes/:id/owner')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Name the SRO of a programme', description: 'The senior responsible owner, an active person of the organisation; naming someone else replaces them.' })
  @ApiOkResponse({ description: 'the programme’s SRO', type: OwnerResponse })
  @ApiNotFoundResponse()
  setProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: OwnerDto) {
    return this.owners.set(actor, 'programme', id, body.personId);
  }

  @Get('programmes/:id/owner')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read the SRO of a programme' })
  @ApiOkResponse({ description: 'the programme’s SRO, or null', type: CurrentOwnerResponse })
  @ApiNotFoundResponse()
  async getProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return { owner: await this.owners.get(actor, 'programme', id) };
  }

  @Put('projects/:id/owner')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Name the project manager of a project', description: 'An active person of the organisation; naming someone else replaces them.' })
  @ApiOkResponse({ description: 'the project’s project manager', type: OwnerResponse })
  @ApiNotFoundResponse()
  setProject(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: OwnerDto) {
    return this.owners.set(actor, 'project', id, body.personId);
  }

  @Get('projects/:id/owner')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read the project manager of a project' })
  @ApiOkResponse({ description: 'the project’s project manager, or null', type: CurrentOwnerResponse })
  @ApiNotFoundResponse()
  async getProject(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return { owner: await this.owners.get(actor, 'project', id) };
  }

  @Put('kpis/:id/owner')
  @Auth('kpis:write')
  @ApiOperation({ summary: "Name a KPI's owner", description: 'The person who answers for the KPI being measured and kept up to date. Naming another person replaces the owner (audited); naming the same one changes nothing.' })
  @ApiOkResponse({ description: 'the KPI’s owner', type: OwnerResponse })
  @ApiNotFoundResponse({ description: 'no such KPI in this organisation' })
  setKpi(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: OwnerDto) {
    return this.owners.set(actor, 'kpi', id, body.personId);
  }

  @Get('kpis/:id/owner')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A KPI's owner" })
  @ApiOkResponse({ description: 'the KPI’s owner, or null', type: CurrentOwnerResponse })
  @ApiNotFoundResponse({ description: 'no such KPI in this organisation' })
  async getKpi(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return { owner: await this.owners.get(actor, 'kpi', id) };
  }

  @Get('projects/:id/accountability')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read a project's accountability", description: 'Who is accountable and for what, at a glance: the project manager, the SRO, KPI owners, the top five open risks, open issues, awaited decisions and open actions, each with the owner’s name.' })
  @ApiOkResponse({ description: 'owners, top risks, open issues, decisions awaited and open actions with their due dates', type: ProjectAccountabilityResponse })
  @ApiNotFoundResponse()
  project(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.summary.project(actor, id);
  }

  @Get('me/owned')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'What I own', description: 'Everything the calling person is accountable for. An organisation token is no person: it gets a 400 naming `token`.' })
  @ApiOkResponse({ description: 'everything the calling person owns: programmes, projects, KPIs, open actions, risks, issues, awaited decisions, dependencies', type: OwnedByMeResponse })
  owned(@CurrentActor() actor: Actor) {
    return this.summary.ownedBy(actor);
  }
}
