import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import { TrainingRecordsService } from '@app/engagement';
import { Actor, ApiPageResponse, Auth, CurrentActor, ParseIdPipe, requireIfMatch, withEtag } from '@app/platform';
import { TrainingRecordHistoryResponse, TrainingRecordResponse } from './engagement.responses';
import { CreateTrainingRecordDto, CorrectTrainingRecordDto, EvidenceQuery, WithdrawRecordDto } from './engagement.dto';

@ApiTags('engagement')
@Controller('v1/training-records')
export class TrainingRecordsController {
  constructor(private readonly training: TrainingRecordsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiOperation({ summary: 'Record training', description: 'How many of a group\'s staff in scope have been trained (not more than in scope), and on what course; coveragePct is computed.' })
  @ApiCreatedResponse({ description: 'the record, with coveragePct; its URL in Location', type: TrainingRecordResponse })
  @ApiNotFoundResponse({ description: 'no such project or group in this organisation' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTrainingRecordDto) {
    return this.training.create(actor, body);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List training records', description: 'Newest first, a page at a time; filter by project, group and date range.' })
  @ApiPageResponse(TrainingRecordResponse, 'newest first; filters by project, group and date range')
  list(@CurrentActor() actor: Actor, @Query() query: EvidenceQuery) {
    return this.training.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a training record' })
  @ApiOkResponse({ description: 'the record, with its version in ETag', type: TrainingRecordResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.training.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Correct a training record', description: 'Changes the fields sent, with the reason; the earlier version is kept in its history. Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiOkResponse({ description: 'the corrected record; the earlier version is kept with the reason', type: TrainingRecordResponse })
  @ApiPreconditionFailedResponse({ description: 'the record changed since you read it' })
  @ApiNotFoundResponse()
  async correct(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: CorrectTrainingRecordDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.training.correct(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Withdraw a training record', description: 'Evidence is never deleted: the record leaves the lists and the governance evidence, and its last version is kept in its history with the reason. Needs If-Match with the ETag last read.' })
  @ApiOkResponse({ description: 'withdrawn with the reason given; answers its history (current is null, the last version kept)', type: TrainingRecordHistoryResponse })
  @ApiPreconditionFailedResponse({ description: 'the record changed since you read it' })
  @ApiNotFoundResponse()
  withdraw(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawRecordDto) {
    return this.training.withdraw(actor, id, requireIfMatch(ifMatch), body.reason);
  }

  @Get(':id/history')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read a training record's history", description: 'Its corrections and withdrawal: each earlier version as it was, who changed it, when and why.' })
  @ApiOkResponse({ description: 'the record as it stands (null once withdrawn) and its earlier versions, newest first, with who changed it and why', type: TrainingRecordHistoryResponse })
  @ApiNotFoundResponse()
  history(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.training.history(actor, id);
  }
}
