import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, ApiPageResponse, Auth, CreatedAt, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { ProgrammesService, StatusReportsService } from '@app/portfolio';
import { ProgrammeResponse, StatusReportResponse } from './portfolio.responses';
import { CreateProgrammeDto, CreateStatusReportDto, ProgrammeQuery, StatusReportQuery, UpdateProgrammeDto } from './portfolio.dto';

const uuid = new ParseIdPipe();

@ApiTags('portfolio')
@Controller('v1/programmes')
export class ProgrammesController {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly reports: StatusReportsService,
  ) {}

  @Post()
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Create a programme', description: 'A programme groups projects under a strategic objective. Its code is unique in the organisation (409 `code_taken`, with the code in `conflictingCode`).' })
  @ApiCreatedResponse({ description: 'the programme; its URL in Location, its version in ETag', type: ProgrammeResponse })
  @ApiConflictResponse({ description: 'the code is taken in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateProgrammeDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.programmes.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List programmes', description: 'Programmes ordered by code, a page at a time; filter by objective and status.' })
  @ApiPageResponse(ProgrammeResponse, 'programmes by code')
  list(@CurrentActor() actor: Actor, @Query() query: ProgrammeQuery) {
    return this.programmes.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a programme' })
  @ApiOkResponse({ description: 'the programme, with its version in ETag', type: ProgrammeResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.programmes.get(actor, id));
  }

  @Patch(':id')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Update a programme', description: 'Changes the fields sent. Needs If-Match with the ETag last read (412 when stale, 428 without); nothing is hard-deleted: close or archive through status.' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the updated programme', type: ProgrammeResponse })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateProgrammeDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.programmes.update(actor, id, requireIfMatch(ifMatch), body));
  }

  @Post(':id/status-reports')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Submit a programme status report', description: 'The board\'s self-reported delivery confidence for a period (RAG per dimension). Reports are immutable: a second one for the same period supersedes the first, which stays readable.' })
  @CreatedAt('/v1/status-reports/:id')
  @ApiCreatedResponse({ description: "the programme's report; a second one for the same period supersedes the first", type: StatusReportResponse })
  submitReport(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: CreateStatusReportDto) {
    return this.reports.submit(actor, { type: 'programme', id }, body);
  }

  @Get(':id/status-reports')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "List a programme's status reports", description: 'Newest first, every revision, a page at a time.' })
  @ApiPageResponse(StatusReportResponse, "the programme's own reports (not its projects'), newest first")
  history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: StatusReportQuery) {
    return this.reports.history(actor, { type: 'programme', id }, query);
  }
}
