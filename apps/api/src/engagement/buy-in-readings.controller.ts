import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BuyInReadingsService } from '@app/engagement';
import { Actor, answerCreated, ApiPageResponse, Auth, CurrentActor, ParseIdPipe, requireIfMatch, withEtag } from '@app/platform';
import { BuyInReadingCreatedResponse, BuyInReadingHistoryResponse, BuyInReadingResponse } from './engagement.responses';
import { CreateBuyInReadingDto, CorrectBuyInReadingDto, EvidenceQuery, WithdrawRecordDto } from './engagement.dto';

@ApiTags('engagement')
@Controller('v1/buy-in-readings')
export class BuyInReadingsController {
  constructor(private readonly readings: BuyInReadingsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiOperation({ summary: 'Record a buy-in reading', description: 'A survey of an internal stakeholder group: how many responded and the supportive, neutral and opposed shares (adding up to 100, within 0.5). An integration that sends externalSource and externalId can post again safely: the repeat answers 200 with `"result": "exists"`.' })
  @ApiCreatedResponse({ description: '"result": "created" with the reading; its URL in Location', type: BuyInReadingCreatedResponse })
  @ApiOkResponse({ description: '"result": "exists": the reading already posted with this externalSource and externalId, unchanged', type: BuyInReadingCreatedResponse })
  @ApiNotFoundResponse({ description: 'no such project or group in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateBuyInReadingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.readings.create(actor, body);
    return answerCreated(reply, result.result === 'created', result);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List buy-in readings', description: 'Newest first, a page at a time; filter by project, group and date range.' })
  @ApiPageResponse(BuyInReadingResponse, 'newest first; filters by project, group and date range')
  list(@CurrentActor() actor: Actor, @Query() query: EvidenceQuery) {
    return this.readings.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a buy-in reading' })
  @ApiOkResponse({ description: 'the reading, with its version in ETag', type: BuyInReadingResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.readings.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Correct a buy-in reading', description: 'Changes the fields sent, with the reason; the earlier version is kept in its history. The shares as corrected must still add up to 100. Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiOkResponse({ description: 'the corrected reading; the earlier version is kept with the reason', type: BuyInReadingResponse })
  @ApiPreconditionFailedResponse({ description: 'the reading changed since you read it' })
  @ApiNotFoundResponse()
  async correct(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: CorrectBuyInReadingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.readings.correct(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Withdraw a buy-in reading', description: 'Evidence is never deleted: the reading leaves the lists and the governance evidence, and its last version is kept in its history with the reason. Needs If-Match with the ETag last read.' })
  @ApiOkResponse({ description: 'withdrawn with the reason given; answers its history (current is null, the last version kept)', type: BuyInReadingHistoryResponse })
  @ApiPreconditionFailedResponse({ description: 'the reading changed since you read it' })
  @ApiNotFoundResponse()
  withdraw(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawRecordDto) {
    return this.readings.withdraw(actor, id, requireIfMatch(ifMatch), body.reason);
  }

  @Get(':id/history')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read a buy-in reading's history", description: 'Its corrections and withdrawal: each earlier version as it was, who changed it, when and why.' })
  @ApiOkResponse({ description: 'the reading as it stands (null once withdrawn) and its earlier versions, newest first, with who changed it and why', type: BuyInReadingHistoryResponse })
  @ApiNotFoundResponse()
  history(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.readings.history(actor, id);
  }
}
