import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EngagementsService } from '@app/engagement';
import { Actor, answerCreated, ApiPageResponse, Auth, CurrentActor, ParseIdPipe, requireIfMatch, withEtag } from '@app/platform';
import { EngagementCreatedResponse, EngagementHistoryResponse, EngagementResponse } from './engagement.responses';
import { CreateEngagementDto, EngagementQuery, UpdateEngagementDto, WithdrawRecordDto } from './engagement.dto';

const uuid = new ParseIdPipe();

@ApiTags('engagement')
@Controller('v1/engagements')
export class EngagementsController {
  constructor(private readonly engagements: EngagementsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiOperation({ summary: 'Record an engagement', description: 'User research, a usability test, a survey, a consultation, co-design or a feedback review with one of the project\'s stakeholder groups, and what was heard. Recording actionsTaken closes the feedback loop. An integration that sends externalSource and externalId can post again safely: the repeat answers 200 with `"result": "exists"`.' })
  @ApiCreatedResponse({ description: '"result": "created" with the engagement; its version in ETag, its URL in Location', type: EngagementCreatedResponse })
  @ApiOkResponse({ description: '"result": "exists": the engagement already posted with this externalSource and externalId, unchanged', type: EngagementCreatedResponse })
  @ApiNotFoundResponse({ description: 'no such project or group in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateEngagementDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.engagements.create(actor, body);
    withEtag(reply, result);
    return answerCreated(reply, result.result === 'created', result);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List engagements', description: 'Newest first, a page at a time; filter by project, group, kind, date range and open or closed loop.' })
  @ApiPageResponse(EngagementResponse, 'newest first; filters by project, group, kind, date range and open or closed loop')
  list(@CurrentActor() actor: Actor, @Query() query: EngagementQuery) {
    return this.engagements.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read an engagement' })
  @ApiOkResponse({ description: 'the engagement, with its version in ETag', type: EngagementResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.engagements.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Update or correct an engagement', description: 'Recording actionsTaken closes the loop (it can be amended, not removed). Correcting findings or participants needs a reason, and the earlier version is kept in its history. Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiOkResponse({ description: 'the updated engagement', type: EngagementResponse })
  @ApiPreconditionFailedResponse({ description: 'the engagement changed since you read it' })
  @ApiNotFoundResponse()
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateEngagementDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.engagements.update(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Withdraw an engagement', description: 'Evidence is never deleted: the engagement leaves the lists and the governance evidence, and its last version is kept in its history with the reason. Needs If-Match with the ETag last read.' })
  @ApiOkResponse({ description: 'withdrawn with the reason given; answers its history (current is null, the last version kept)', type: EngagementHistoryResponse })
  @ApiPreconditionFailedResponse({ description: 'the engagement changed since you read it' })
  @ApiNotFoundResponse()
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawRecordDto) {
    return this.engagements.withdraw(actor, id, requireIfMatch(ifMatch), body.reason);
  }

  @Get(':id/history')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read an engagement's history", description: 'Its corrections and withdrawal: each earlier version as it was, who changed it, when and why.' })
  @ApiOkResponse({ description: 'the engagement as it stands (null once withdrawn) and its earlier versions, newest first, with who changed it and why', type: EngagementHistoryResponse })
  @ApiNotFoundResponse()
  history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.engagements.history(actor, id);
  }
}
