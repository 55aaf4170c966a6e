import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EngagementSummaryService } from '@app/engagement';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { EngagementSummaryResponse } from './engagement.responses';

@ApiTags('engagement')
@Controller('v1/projects')
export class ProjectEngagementController {
  constructor(private readonly summaries: EngagementSummaryService) {}

  @Get(':id/engagement')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read a project's stakeholder evidence", description: 'One consistent snapshot of what the governance rules look at: feedback from external groups, open loops, buy-in and training of internal groups, citizen co-design and counts.' })
  @ApiOkResponse({
    type: EngagementSummaryResponse,
    description:
      'the project\'s stakeholder evidence: last external feedback and its age, open loops, latest buy-in per internal group with its trend, training coverage per group, citizen co-design count and counts',
  })
  @ApiNotFoundResponse()
  summary(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.summaries.forProject(actor, id);
  }
}
