import { Body, Controller, Get, Header, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res, Type as NestType } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DecisionsService, DependenciesService, IssuesService, RaidRecords, RisksService } from '@app/accountability';
import { Actor, Auth, CurrentActor, withEtag } from '@app/platform';
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

const uuid = new ParseUUIDPipe({ version: '4' });

/**
 * One log's routes (risks, issues, decisions, dependencies): the four differ only in their DTOs and
 * service, so one class shape serves them. Writes need governance:write; the service lets only the
 * record's owner, its managers and organisation roles change it.
 */
function raidLogController(path: string, service: NestType<RaidRecords<never, never>>, createDto: NestType<unknown>, updateDto: NestType<unknown>, queryDto: NestType<unknown>) {
  @ApiTags('accountability')
  @Controller(`v1/${path}`)
  class RaidLogController {
    constructor(readonly records: RaidRecords<never, never>) {}

    @Post()
    @Auth('governance:write')
    @ApiCreatedResponse({ description: 'the record, with its version in ETag' })
    async create(@CurrentActor() actor: Actor, @Body() body: object, @Res({ passthrough: true }) reply: FastifyReply) {
      return withEtag(reply, (await this.records.create(actor, body as never)) as { version: number });
    }

    @Get()
    @Auth('portfolio:read')
    @ApiOkResponse({ description: 'newest first; filters by programme, project, owner and status' })
    list(@CurrentActor() actor: Actor, @Query() query: object) {
      return this.records.list(actor, query);
    }

    @Get('export.csv')
    @Auth('portfolio:read')
    @Header('content-type', 'text/csv; charset=utf-8')
    @Header('content-disposition', `attachment; filename="${path}.csv"`)
    @ApiProduces('text/csv')
    @ApiOkResponse({ description: 'the list as CSV (same filters, up to 10,000 rows); cells that could run as formulas are escaped' })
    csv(@CurrentActor() actor: Actor, @Query() query: object) {
      return this.records.csv(actor, query);
    }

    @Get(':id')
    @Auth('portfolio:read')
    @ApiNotFoundResponse()
    async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
      return withEtag(reply, (await this.records.get(actor, id)) as { version: number });
    }

    @Get(':id/history')
    @Auth('portfolio:read')
    @ApiOkResponse({ description: 'every change: who, when, each field from and to' })
    @ApiNotFoundResponse()
    history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
      return this.records.history(actor, id);
    }

    @Patch(':id')
    @Auth('governance:write')
    @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
    @ApiOkResponse({ description: 'the updated record; 403 unless owner, manager or organisation role; 412 stale; 428 without If-Match' })
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

export const RisksController = raidLogController('risks', RisksService as never, CreateRiskDto, UpdateRiskDto, RiskQuery);
export const IssuesController = raidLogController('issues', IssuesService as never, CreateIssueDto, UpdateIssueDto, RaidQuery);
export const DecisionsController = raidLogController('decisions', DecisionsService as never, CreateDecisionDto, UpdateDecisionDto, RaidQuery);
export const DependenciesController = raidLogController('dependencies', DependenciesService as never, CreateDependencyDto, UpdateDependencyDto, RaidQuery);
