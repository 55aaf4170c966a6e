import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, ApiPageResponse, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { ObjectivesService } from '@app/portfolio';
import { ObjectiveResponse } from './portfolio.responses';
import { CreateObjectiveDto, ObjectiveQuery, UpdateObjectiveDto } from './portfolio.dto';

const uuid = new ParseIdPipe();

@ApiTags('portfolio')
@Controller('v1/objectives')
export class ObjectivesController {
  constructor(private readonly objectives: ObjectivesService) {}

  @Post()
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Create a strategic objective', description: 'What the organisation is trying to achieve; programmes link to one (a programme without one is flagged).' })
  @ApiCreatedResponse({ description: 'the objective; its URL in Location, its version in ETag', type: ObjectiveResponse })
  @ApiConflictResponse({ description: 'the code is taken in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateObjectiveDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.objectives.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List strategic objectives' })
  @ApiPageResponse(ObjectiveResponse, 'objectives by code')
  list(@CurrentActor() actor: Actor, @Query() query: ObjectiveQuery) {
    return this.objectives.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a strategic objective' })
  @ApiOkResponse({ description: 'the objective, with its version in ETag', type: ObjectiveResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.objectives.get(actor, id));
  }

  @Patch(':id')
  @Auth('portfolio:write')
  @ApiOperation({ summary: 'Update a strategic objective', description: 'Changes the fields sent. Needs If-Match with the ETag last read.' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the updated objective', type: ObjectiveResponse })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateObjectiveDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.objectives.update(actor, id, requireIfMatch(ifMatch), body));
  }
}
