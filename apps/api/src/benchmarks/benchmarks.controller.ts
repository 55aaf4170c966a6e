import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BenchmarksService } from '@app/benchmarks';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { ParticipationDto } from './benchmarks.dto';

@ApiTags('benchmarks')
@Controller('v1/benchmarks')
export class BenchmarksController {
  constructor(private readonly benchmarks: BenchmarksService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the latest published figures (aggregates over at least the minimum group of organisations) beside the organisation\'s own, with when they were computed and how many organisations they cover' })
  view(@CurrentActor() actor: Actor) {
    return this.benchmarks.view(actor);
  }

  @Get('participation')
  @Auth('admin')
  @ApiOkResponse({ description: 'whether the organisation contributes to the benchmarks' })
  participation(@CurrentActor() actor: Actor) {
    return this.benchmarks.participation(actor);
  }

  @Put('participation')
  @Auth('admin')
  @ApiOkResponse({ description: 'opted in or out; takes effect at the next computation' })
  setParticipation(@CurrentActor() actor: Actor, @Body() body: ParticipationDto) {
    return this.benchmarks.setParticipation(actor, body.optedIn);
  }
}
