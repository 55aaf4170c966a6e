import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BuyInReadingsService } from '@app/engagement';
import { Actor, answerCreated, Auth, CurrentActor, ParseIdPipe, requireIfMatch, withEtag } from '@app/platform';
import { CreateBuyInReadingDto, CorrectBuyInReadingDto, EvidenceQuery, WithdrawRecordDto } from './engagement.dto';

@ApiTags('engagement')
@Controller('v1/buy-in-readings')
export class BuyInReadingsController {
  constructor(private readonly readings: BuyInReadingsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiCreatedResponse({ description: '"result": "created" with the reading' })
  @ApiOkResponse({ description: '"result": "exists": the reading already posted with this externalSource and externalId, unchanged' })
  @ApiNotFoundResponse({ description: 'no such project or group in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateBuyInReadingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.readings.create(actor, body);
    return answerCreated(reply, result.result === 'created', result);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'newest first; filters by project, group and date range' })
  list(@CurrentActor() actor: Actor, @Query() query: EvidenceQuery) {
    return this.readings.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the reading' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.readings.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the corrected reading; the earlier version is kept with the reason' })
  @ApiPreconditionFailedResponse({ description: 'the reading changed since you read it' })
  @ApiNotFoundResponse()
  async correct(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: CorrectBuyInReadingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.readings.correct(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'withdrawn with the reason given; answers its history (current is null, the last version kept)' })
  @ApiPreconditionFailedResponse({ description: 'the reading changed since you read it' })
  @ApiNotFoundResponse()
  withdraw(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawRecordDto) {
    return this.readings.withdraw(actor, id, requireIfMatch(ifMatch), body.reason);
  }

  @Get(':id/history')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the reading as it stands (null once withdrawn) and its earlier versions, newest first, with who changed it and why' })
  @ApiNotFoundResponse()
  history(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.readings.history(actor, id);
  }
}
