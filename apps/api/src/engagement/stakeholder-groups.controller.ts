import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StakeholderGroupsService } from '@app/engagement';
import { Actor, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { CreateStakeholderGroupDto, StakeholderGroupQuery, UpdateStakeholderGroupDto } from './engagement.dto';

const uuid = new ParseIdPipe();

@ApiTags('engagement')
@Controller('v1/stakeholder-groups')
export class StakeholderGroupsController {
  constructor(private readonly groups: StakeholderGroupsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiCreatedResponse({ description: 'the group, with version' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  @ApiConflictResponse({ description: 'the project already has a group of that name' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateStakeholderGroupDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.groups.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'groups by name; filters by project, kind and internal' })
  list(@CurrentActor() actor: Actor, @Query() query: StakeholderGroupQuery) {
    return this.groups.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the group, with its version in ETag' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.groups.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the updated group; 412 if the version is stale, 428 without If-Match' })
  @ApiNotFoundResponse()
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateStakeholderGroupDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.groups.update(actor, id, requireIfMatch(ifMatch), body));
  }
}
