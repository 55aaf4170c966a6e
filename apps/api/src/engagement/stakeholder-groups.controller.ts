import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StakeholderGroupsService } from '@app/engagement';
import { Actor, ApiPageResponse, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { StakeholderGroupResponse } from './engagement.responses';
import { CreateStakeholderGroupDto, StakeholderGroupQuery, UpdateStakeholderGroupDto } from './engagement.dto';

const uuid = new ParseIdPipe();

@ApiTags('engagement')
@Controller('v1/stakeholder-groups')
export class StakeholderGroupsController {
  constructor(private readonly groups: StakeholderGroupsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiOperation({ summary: 'Create a stakeholder group', description: "A group of people a project engages with: citizens and service users are external, the organisation's own staff internal (a kind and an internal flag that disagree are a 400). A name is unique in its project (409 `group_name_taken`)." })
  @ApiCreatedResponse({ description: 'the group, with its version in ETag and its URL in Location', type: StakeholderGroupResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  @ApiConflictResponse({ description: 'the project already has a group of that name' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateStakeholderGroupDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.groups.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List stakeholder groups', description: 'By name, a page at a time; filter by project, kind and internal.' })
  @ApiPageResponse(StakeholderGroupResponse, 'groups by name; filters by project, kind and internal')
  list(@CurrentActor() actor: Actor, @Query() query: StakeholderGroupQuery) {
    return this.groups.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a stakeholder group' })
  @ApiOkResponse({ description: 'the group, with its version in ETag', type: StakeholderGroupResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.groups.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Update a stakeholder group', description: 'Changes the fields sent; null clears size. Needs If-Match with the ETag last read (412 when stale, 428 without). A name another group of the project has is 409 `group_name_taken`.' })
  @ApiOkResponse({ description: 'the updated group', type: StakeholderGroupResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the project already has a group of that name' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateStakeholderGroupDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.groups.update(actor, id, requireIfMatch(ifMatch), body));
  }
}
