import { Body, Controller, Get, Headers, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StakeholderGroupsService } from '@app/engagement';
import { Actor, answerCreated, ApiPageResponse, Auth, CreatedAt, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { StakeholderGroupResponse } from './engagement.responses';
import { ExternalRefParams } from '../portfolio/portfolio.dto';
import { CreateStakeholderGroupDto, StakeholderGroupQuery, UpdateStakeholderGroupDto, UpsertStakeholderGroupDto } from './engagement.dto';

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

  @Put('by-ref/:source/:externalId')
  @Auth('engagement:write')
  @CreatedAt('/v1/stakeholder-groups/:id')
  @ApiConsumes('application/json', 'application/merge-patch+json')
  @ApiOperation({
    summary: "Create or update a stakeholder group by the source tool's own id",
    description:
      "Upsert keyed by `source` (the tool) and `externalId` (its id). The body is a JSON Merge Patch (RFC 7396): fields sent are set, fields left out are kept as they are, and null clears size. Creating needs name, kind, internal and the project, named by projectId or by the project's own reference (project: {source, id}). Send application/json or application/merge-patch+json.",
  })
  @ApiCreatedResponse({ description: 'created; its URL in Location, its version in ETag', type: StakeholderGroupResponse })
  @ApiOkResponse({ description: 'updated (or unchanged); the same group id every time', type: StakeholderGroupResponse })
  @ApiNotFoundResponse({ description: 'the project named is not one this organisation has' })
  @ApiConflictResponse({ description: 'the project already has a group of that name' })
  async upsert(@CurrentActor() actor: Actor, @Param() params: ExternalRefParams, @Body() body: UpsertStakeholderGroupDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.groups.upsertByRef(actor, params.source, params.externalId, body);
    return answerCreated(reply, result.created, withEtag(reply, result.group));
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
