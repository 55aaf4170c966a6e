import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FinanceSummaryService } from '@app/finance';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { SummaryQuery } from './finance.dto';

@ApiTags('finance')
@Controller('v1/finance')
export class FinanceSummaryController {
  constructor(private readonly summaries: FinanceSummaryService) {}

  @Get('summary')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'projects[] and programmes[] with budget, spent, forecast, variance, variancePct and smeSharePct (money as decimal strings)' })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  summary(@CurrentActor() actor: Actor, @Query() query: SummaryQuery) {
    return this.summaries.summary(actor, query);
  }
}
