import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, answerCreated, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { ProjectsService, StatusReportsService } from '@app/portfolio';
import { CreateProjectDto, CreateStatusReportDto, ExternalRefParams, ProjectQuery, StatusReportQuery, UpdateProjectDto } from './portfolio.dto';

const uuid = new ParseIdPipe();

@ApiTags('portfolio')
@Controller('v1/projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly reports: StatusReportsService,
  ) {}

  @Post()
  @Auth('portfolio:write')
  @ApiCreatedResponse({ description: 'the project, with version' })
  @ApiConflictResponse({ description: 'the code is taken in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateProjectDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.projects.create(actor, body));
  }

  @Put('by-ref/:source/:externalId')
  @Auth('portfolio:write')
  @ApiCreatedResponse({ description: 'created' })
  @ApiOkResponse({ description: 'updated; the same project id every time' })
  async upsert(@CurrentActor() actor: Actor, @Param() params: ExternalRefParams, @Body() body: CreateProjectDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.projects.upsertByRef(actor, params.source, params.externalId, body);
    return answerCreated(reply, result.created, withEtag(reply, result.project));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'projects by code; filters by programme, objective, phase, status' })
  list(@CurrentActor() actor: Actor, @Query() query: ProjectQuery) {
    return this.projects.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the project, with its version in ETag' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.projects.get(actor, id));
  }

  @Patch(':id')
  @Auth('portfolio:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the updated project; 412 if the version is stale, 428 without If-Match' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateProjectDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.projects.update(actor, id, requireIfMatch(ifMatch), body));
  }

  @Post(':id/status-reports')
  @Auth('portfolio:write')
  @ApiCreatedResponse({ description: 'the report; a second one for the same period supersedes the first, which stays readable' })
  submitReport(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: CreateStatusReportDto) {
    return this.reports.submit(actor, { type: 'project', id }, body);
  }

  @Get(':id/status-reports')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'history, newest first' })
  history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: StatusReportQuery) {
    return this.reports.history(actor, { type: 'project', id }, query);
  }
}
