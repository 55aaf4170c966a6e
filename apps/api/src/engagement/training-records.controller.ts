import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import { TrainingRecordsService } from '@app/engagement';
import { Actor, Auth, CurrentActor, ParseIdPipe, requireIfMatch, withEtag } from '@app/platform';
import { CreateTrainingRecordDto, CorrectTrainingRecordDto, EvidenceQuery, WithdrawRecordDto } from './engagement.dto';

@ApiTags('engagement')
@Controller('v1/training-records')
export class TrainingRecordsController {
  constructor(private readonly training: TrainingRecordsService) {}

  @Post()
  @Auth('engagement:write')
  @ApiCreatedResponse({ description: 'the record, with coveragePct' })
  @ApiNotFoundResponse({ description: 'no such project or group in this organisation' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTrainingRecordDto) {
    return this.training.create(actor, body);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'newest first; filters by project, group and date range' })
  list(@CurrentActor() actor: Actor, @Query() query: EvidenceQuery) {
    return this.training.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the record' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.training.get(actor, id));
  }

  @Patch(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the corrected record; the earlier version is kept with the reason' })
  @ApiPreconditionFailedResponse({ description: 'the record changed since you read it' })
  @ApiNotFoundResponse()
  async correct(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: CorrectTrainingRecordDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.training.correct(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @Auth('engagement:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'withdrawn with the reason given; answers its history (current is null, the last version kept)' })
  @ApiPreconditionFailedResponse({ description: 'the record changed since you read it' })
  @ApiNotFoundResponse()
  withdraw(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawRecordDto) {
    return this.training.withdraw(actor, id, requireIfMatch(ifMatch), body.reason);
  }

  @Get(':id/history')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the record as it stands (null once withdrawn) and its earlier versions, newest first, with who changed it and why' })
  @ApiNotFoundResponse()
  history(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.training.history(actor, id);
  }
}
