import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TrainingRecordsService } from '@app/engagement';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { CreateTrainingRecordDto, EvidenceQuery } from './engagement.dto';

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
  get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.training.get(actor, id);
  }
}
