import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiConsumes, ApiOperation, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, answerCreated, ApiPageResponse, CreatedAt, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { ProjectsService, StatusReportsService } from '@app/portfolio';
import { ProjectResponse, StatusReportResponse } from './portfolio.responses';
import { CreateProjectDto, CreateStatusReportDto, ExternalRefParams, ProjectQuery, StatusReportQuery, UpdateProjectDto, UpsertProjectDto } from './portfolio.dto';

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
  @ApiOperation({ summary: 'Create a project', description: 'A project in a programme, with the user need it serves. Its code is unique in the organisation.' })
  @ApiCreatedResponse({ description: 'the project; its URL in Location, its version in ETag', type: ProjectResponse })
  @ApiConflictResponse({ description: 'the code is taken in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateProjectDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.projects.create(actor, body));
  }

  @Put('by-ref/:source/:externalId')
  @Auth('portfolio:write')
  @CreatedAt('/v1/projects/:id')
  @ApiConsumes('application/json', 'application/merge-patch+json')
  @ApiOperation({
    summary: "Create or update a project by the source tool's own id",
    description:
      'Upsert keyed by `source` (the tool) and `externalId` (its id). The body is a JSON Merge Patch (RFC 7396): fields sent are set, fields left out are kept as they are (what people entered, such as the user need, is never wiped by a sync), and null clears a field that may be empty. Creating needs programmeId, code, name and phase. Send application/json or application/merge-patch+json.',
  })
  @ApiCreatedResponse({ description: 'created; its URL in Location', type: ProjectResponse })
  @ApiOkResponse({ description: 'updated (or unchanged); the same project id every time', type: ProjectResponse })
  @ApiConflictResponse({ description: 'the code is taken by another project of this organisation (`code_taken`, the code in `conflictingCode`)' })
  async upsert(@CurrentActor() actor: Actor, @Param() params: ExternalRefParams, @Body() body: UpsertProjectDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.projects.upsertByRef(actor, params.source, params.externalId, body);
    return answerCreated(reply, result.created, withEtag(reply, result.project));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List projects', description: 'Projects ordered by code, a page at a time; filter by programme, objective, phase and status.' })
  @ApiPageResponse(ProjectResponse, 'projects by code')
  list(@CurrentActor() actor: Actor, @Query() query: ProjectQuery) {
    return this.projects.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a project' })
  @ApiOkResponse({ description: 'the project, with its version in ETag', type: ProjectResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.projects.get(actor, id));
  }

  @Patch(':id')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Update a project', description: 'Changes the fields sent. Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the updated project', type: ProjectResponse })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateProjectDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.projects.update(actor, id, requireIfMatch(ifMatch), body));
  }

  @Post(':id/status-reports')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Submit a project status report', description: 'The board\'s self-reported delivery confidence for a period (RAG per dimension). Reports are immutable: a second one for the same period supersedes the first, which stays readable.' })
  @CreatedAt('/v1/status-reports/:id')
  @ApiCreatedResponse({ description: 'the report; a second one for the same period supersedes the first, which stays readable', type: StatusReportResponse })
  submitReport(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: CreateStatusReportDto) {
    return this.reports.submit(actor, { type: 'project', id }, body);
  }

  @Get(':id/status-reports')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "List a project's status reports", description: 'Newest first, every revision, a page at a time.' })
  @ApiPageResponse(StatusReportResponse, 'history, newest first')
  history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: StatusReportQuery) {
    return this.reports.history(actor, { type: 'project', id }, query);
  }
}
