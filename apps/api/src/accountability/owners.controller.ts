import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountabilitySummaryService, OwnersService } from '@app/accountability';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { OwnerDto } from './accountability.dto';
import { CurrentOwnerResponse, OwnerResponse } from './owner.responses';

const uuid = new ParseUUIDPipe({ version: '4' });

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
  @ApiOkResponse({ description: 'the programme’s SRO' })
  @ApiNotFoundResponse()
  setProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: OwnerDto) {
    return this.owners.set(actor, 'programme', id, body.personId);
  }

  @Get('programmes/:id/owner')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the programme’s SRO, or null' })
  @ApiNotFoundResponse()
  async getProgramme(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return { owner: await this.owners.get(actor, 'programme', id) };
  }

  @Put('projects/:id/owner')
  @Auth('portfolio:write')
  @ApiOkResponse({ description: 'the project’s project manager' })
  @ApiNotFoundResponse()
  setProject(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: OwnerDto) {
    return this.owners.set(actor, 'project', id, body.personId);
  }

  @Get('projects/:id/owner')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the project’s project manager, or null' })
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
  @ApiOkResponse({ description: 'owners, top risks, open issues, decisions awaited and open actions with their due dates' })
  @ApiNotFoundResponse()
  project(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.summary.project(actor, id);
  }

  @Get('me/owned')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'everything the calling person owns: programmes, projects, KPIs, open actions, risks, issues, awaited decisions, dependencies' })
  owned(@CurrentActor() actor: Actor) {
    return this.summary.ownedBy(actor);
  }
}
