import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FinanceSummaryService } from '@app/finance';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { FinanceSummaryResponse } from './finance.responses';
import { SummaryQuery } from './finance.dto';

@ApiTags('finance')
@Controller('v1/finance')
export class FinanceSummaryController {
  constructor(private readonly summaries: FinanceSummaryService) {}

  @Get('summary')
  @Auth('portfolio:read')
  @ApiOperation({
    summary: 'Finance summary for a financial year',
    description: 'Budget, spent, committed, forecast, remaining and outturn per project and per programme, each split into capital and resource, with variance, credit notes, journals and SME share. Money is a decimal string. Defaults to the current financial year.',
  })
  @ApiOkResponse({ description: 'projects[] and programmes[] with their figures', type: FinanceSummaryResponse })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  summary(@CurrentActor() actor: Actor, @Query() query: SummaryQuery) {
    return this.summaries.summary(actor, query);
  }
}
