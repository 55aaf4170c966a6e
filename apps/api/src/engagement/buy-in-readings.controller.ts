import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BuyInReadingsService } from '@app/engagement';
import { Actor, answerCreated, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { CreateBuyInReadingDto, EvidenceQuery } from './engagement.dto';

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
  get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.readings.get(actor, id);
  }
}
