import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BenchmarksService } from '@app/benchmarks';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { BenchmarksResponse, ParticipationResponse } from './benchmarks.responses';
import { ParticipationDto } from './benchmarks.dto';

@ApiTags('benchmarks')
@Controller('v1/benchmarks')
export class BenchmarksController {
  constructor(private readonly benchmarks: BenchmarksService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({
    summary: 'Anonymous benchmarks beside your own figures',
    description: "The latest published figures (lower quartile, median, upper quartile over at least the minimum group of organisations that opted in) beside the organisation's own, with when they were computed and how many organisations they cover. No organisation's own figure is ever shown to another.",
  })
  @ApiOkResponse({ description: "the latest published figures beside the organisation's own, with when they were computed and how many organisations they cover", type: BenchmarksResponse })
  view(@CurrentActor() actor: Actor) {
    return this.benchmarks.view(actor);
  }

  @Get('participation')
  @Auth('admin')
  @ApiOperation({ summary: 'Whether the organisation contributes to the benchmarks' })
  @ApiOkResponse({ description: 'whether the organisation contributes to the benchmarks', type: ParticipationResponse })
  participation(@CurrentActor() actor: Actor) {
    return this.benchmarks.participation(actor);
  }

  @Put('participation')
  @Auth('admin')
  @ApiOperation({ summary: 'Opt in to or out of the benchmarks', description: 'Takes effect at the next computation: an organisation that opts out is left out of it.' })
  @ApiOkResponse({ description: 'opted in or out; takes effect at the next computation', type: ParticipationResponse })
  setParticipation(@CurrentActor() actor: Actor, @Body() body: ParticipationDto) {
    return this.benchmarks.setParticipation(actor, body.optedIn);
  }
}
