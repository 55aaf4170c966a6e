import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EngagementSummaryService } from '@app/engagement';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';

@ApiTags('engagement')
@Controller('v1/projects')
export class ProjectEngagementController {
  constructor(private readonly summaries: EngagementSummaryService) {}

  @Get(':id/engagement')
  @Auth('portfolio:read')
  @ApiOkResponse({
    description:
      'the project\'s stakeholder evidence: last external feedback and its age, open loops, latest buy-in per internal group with its trend, training coverage per group, citizen co-design count and counts',
  })
  @ApiNotFoundResponse()
  summary(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.summaries.forProject(actor, id);
  }
}
