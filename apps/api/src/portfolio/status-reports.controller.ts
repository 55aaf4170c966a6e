import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { StatusReportsService } from '@app/portfolio';
import { StatusReportResponse } from './portfolio.responses';

@ApiTags('portfolio')
@Controller('v1/status-reports')
export class StatusReportsController {
  constructor(private readonly reports: StatusReportsService) {}

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a status report' })
  @ApiOkResponse({ description: 'one report, with whether it is the current revision for its period', type: StatusReportResponse })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.reports.get(actor, id);
  }
}
