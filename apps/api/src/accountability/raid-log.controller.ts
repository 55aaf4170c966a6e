import { Body, Controller, Get, Header, Headers, Param, Patch, Post, Query, Res, Type as NestType } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DecisionsService, DependenciesService, IssuesService, RaidRecords, RisksService } from '@app/accountability';
import { Actor, ApiPageResponse, Auth, CurrentActor, withEtag, ParseIdPipe } from '@app/platform';
import { DecisionResponse, DependencyResponse, HistoryEntryResponse, IssueResponse, RiskResponse } from './accountability.responses';
import {
  CreateDecisionDto,
  CreateDependencyDto,
  CreateIssueDto,
  CreateRiskDto,
  RaidQuery,
  RiskQuery,
  UpdateDecisionDto,
  UpdateDependencyDto,
  UpdateIssueDto,
  UpdateRiskDto,
} from './accountability.dto';

const uuid = new ParseIdPipe();

/**
 * One log's routes (risks, issues, decisions, dependencies): the four differ only in their DTOs and
 * service, so one class shape serves them. Writes need governance:write; the service lets only the
 * record's owner, its managers and organisation roles change it.
 */
function raidLogController(path: string, what: string, service: NestType<RaidRecords<never, never>>, createDto: NestType<unknown>, updateDto: NestType<unknown>, queryDto: NestType<unknown>, view: NestType<unknown>) {
  @ApiTags('accountability')
  @Controller(`v1/${path}`)
  class RaidLogController {
    constructor(readonly records: RaidRecords<never, never>) {}

    @Post()
    @Auth('governance:write')
    @ApiOperation({ summary: `Log a ${what}`, description: `A ${what} on a project, or (organisation roles only) on a programme, with the person accountable for it. Needs governance:write and, for a person, a role on that project or programme.` })
    @ApiCreatedResponse({ description: 'the record, with its version in ETag and its URL in Location', type: view })
    async create(@CurrentActor() actor: Actor, @Body() body: object, @Res({ passthrough: true }) reply: FastifyReply) {
      return withEtag(reply, (await this.records.create(actor, body as never)) as { version: number });
    }

    @Get()
    @Auth('portfolio:read')
    @ApiOperation({ summary: `List ${path}`, description: 'Newest first, a page at a time; filter by programme, project, owner and status.' })
    @ApiPageResponse(view, 'newest first; filters by programme, project, owner and status')
    list(@CurrentActor() actor: Actor, @Query() query: object) {
      return this.records.list(actor, query);
    }

    @Get('export.csv')
    @Auth('portfolio:read')
    @Header('content-type', 'text/csv; charset=utf-8')
    @Header('content-disposition', `attachment; filename="${path}.csv"`)
    @ApiProduces('text/csv')
    @ApiOperation({ summary: `Export ${path} as CSV`, description: 'The list with the same filters, up to 10,000 rows, as a spreadsheet-safe CSV attachment.' })
    @ApiOkResponse({ description: 'the list as CSV (same filters, up to 10,000 rows); cells that could run as formulas are escaped', schema: { type: 'string', example: 'id,title,status\n3f2b8a4e-6c1d-4e0f-9a7b-2d5c8e1f0a93,Supplier may miss the March go-live,open\n' } })
    csv(@CurrentActor() actor: Actor, @Query() query: object) {
      return this.records.csv(actor, query);
    }

    @Get(':id')
    @Auth('portfolio:read')
    @ApiOperation({ summary: `Read a ${what}` })
    @ApiOkResponse({ description: 'the record, with its version in ETag', type: view })
    @ApiNotFoundResponse()
    async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
      return withEtag(reply, (await this.records.get(actor, id)) as { version: number });
    }

    @Get(':id/history')
    @Auth('portfolio:read')
    @ApiOperation({ summary: `Read a ${what}'s history`, description: 'Every change since it was logged, oldest first: who, when, and each field from and to.' })
    @ApiOkResponse({ description: 'every change: who, when, each field from and to', type: HistoryEntryResponse, isArray: true })
    @ApiNotFoundResponse()
    history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
      return this.records.history(actor, id);
    }

    @Patch(':id')
    @Auth('governance:write')
    @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
    @ApiOperation({ summary: `Update a ${what}`, description: 'Changes the fields sent; null clears an optional text. Only its owner, the managers of its project or programme and organisation roles may (403 `not_owner_or_manager`). Needs If-Match with the ETag last read (412 when stale, 428 without).' })
    @ApiOkResponse({ description: 'the updated record', type: view })
    @ApiNotFoundResponse()
    async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: object, @Res({ passthrough: true }) reply: FastifyReply) {
      return withEtag(reply, (await this.records.update(actor, id, ifMatch, body as never)) as { version: number });
    }
  }
  // The DTO classes are set per log, so validation and OpenAPI see each log's own fields.
  const types = (name: keyof RaidLogController, params: unknown[]) => Reflect.defineMetadata('design:paramtypes', params, RaidLogController.prototype, name);
  types('create', [Object, createDto, Object]);
  types('list', [Object, queryDto]);
  types('csv', [Object, queryDto]);
  types('update', [Object, String, Object, updateDto, Object]);
  Reflect.defineMetadata('design:paramtypes', [service], RaidLogController);
  Object.defineProperty(RaidLogController, 'name', { value: `${path[0].toUpperCase()}${path.slice(1)}Controller` });
  return RaidLogController;
}

export const RisksController = raidLogController('risks', 'risk', RisksService as never, CreateRiskDto, UpdateRiskDto, RiskQuery, RiskResponse);
export const IssuesController = raidLogController('issues', 'issue', IssuesService as never, CreateIssueDto, UpdateIssueDto, RaidQuery, IssueResponse);
export const DecisionsController = raidLogController('decisions', 'decision', DecisionsService as never, CreateDecisionDto, UpdateDecisionDto, RaidQuery, DecisionResponse);
export const DependenciesController = raidLogController('dependencies', 'dependency', DependenciesService as never, CreateDependencyDto, UpdateDependencyDto, RaidQuery, DependencyResponse);
