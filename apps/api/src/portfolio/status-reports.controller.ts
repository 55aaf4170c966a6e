import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { StatusReportsService } from '@app/portfolio';

@ApiTags('portfolio')
@Controller('v1/status-reports')
export class StatusReportsController {
  constructor(private readonly reports: StatusReportsService) {}

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'one report, with whether it is the current revision for its period' })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.reports.get(actor, id);
  }
}
