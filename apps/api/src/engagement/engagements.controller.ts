import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EngagementsService } from '@app/engagement';
import { Actor, answerCreated, Auth, CurrentActor, ParseIdPipe, requireIfMatch, withEtag } from '@app/platform';
import { CreateEngagementDto, EngagementQuery, UpdateEngagementDto, WithdrawRecordDto } from './engagement.dto';

const uuid = new ParseIdPipe();

@ApiTags('engagement')
@Controller('v1/engagements')
export class EngagementsController {
  constructor(private readonly engagements: EngagementsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiCreatedResponse({ description: '"result": "created" with the engagement' })
  @ApiOkResponse({ description: '"result": "exists": the engagement already posted with this externalSource and externalId, unchanged' })
  @ApiNotFoundResponse({ description: 'no such project or group in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateEngagementDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.engagements.create(actor, body);
    withEtag(reply, result);
    return answerCreated(reply, result.result === 'created', result);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'newest first; filters by project, group, kind, date range and open or closed loop' })
  list(@CurrentActor() actor: Actor, @Query() query: EngagementQuery) {
    return this.engagements.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the engagement, with its version in ETag' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.engagements.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the updated engagement; recording actionsTaken closes the loop; 412 if stale, 428 without If-Match' })
  @ApiNotFoundResponse()
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateEngagementDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.engagements.update(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'withdrawn with the reason given; answers its history (current is null, the last version kept)' })
  @ApiPreconditionFailedResponse({ description: 'the engagement changed since you read it' })
  @ApiNotFoundResponse()
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawRecordDto) {
    return this.engagements.withdraw(actor, id, requireIfMatch(ifMatch), body.reason);
  }

  @Get(':id/history')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the engagement as it stands (null once withdrawn) and its earlier versions, newest first, with who changed it and why' })
  @ApiNotFoundResponse()
  history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.engagements.history(actor, id);
  }
}
