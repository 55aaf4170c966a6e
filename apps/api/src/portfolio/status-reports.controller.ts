import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { StatusReportsService } from '@app/portfolio';

@ApiTags('portfolio')
@Controller('v1/status-reports')
export class StatusReportsController {
  constructor(private readonly reports: StatusReportsService) {}

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'one report, with whether it is the current revision for its period' })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.reports.get(actor, id);
  }
}
