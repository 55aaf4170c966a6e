import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { ObjectivesService } from '@app/portfolio';
import { CreateObjectiveDto, ObjectiveQuery, UpdateObjectiveDto } from './portfolio.dto';

const uuid = new ParseIdPipe();

@ApiTags('portfolio')
@Controller('v1/objectives')
export class ObjectivesController {
  constructor(private readonly objectives: ObjectivesService) {}

  @Post()
  @Auth('portfolio:write')
  @ApiCreatedResponse({ description: 'the objective' })
  @ApiConflictResponse({ description: 'the code is taken in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateObjectiveDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.objectives.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'objectives by code' })
  list(@CurrentActor() actor: Actor, @Query() query: ObjectiveQuery) {
    return this.objectives.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the objective, with its version in ETag' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.objectives.get(actor, id));
  }

  @Patch(':id')
  @Auth('portfolio:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the updated objective' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateObjectiveDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.objectives.update(actor, id, requireIfMatch(ifMatch), body));
  }
}
