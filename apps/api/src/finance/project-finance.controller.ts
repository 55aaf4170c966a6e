import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BudgetsService, WholeLifeCostService } from '@app/finance';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { WholeLifeCostDto } from './finance-practice.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

/** A project's finance over its whole life: the budget history and the whole-life cost. */
@ApiTags('finance')
@Controller('v1/projects/:id')
export class ProjectFinanceController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly wholeLife: WholeLifeCostService,
  ) {}

  @Get('budget-history')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'every budget line with its reason and approver, oldest first, and the current budget per year and category' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  budgetHistory(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.budgets.history(actor, id);
  }

  @Get('whole-life-cost')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'baseline and forecast whole-life cost, split capital and resource, beside budgets by year, spend by cost type and commitments' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  wholeLifeCost(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.wholeLife.get(actor, id);
  }

  @Post('whole-life-cost')
  @Auth('finance:write')
  @ApiCreatedResponse({ description: 'the whole-life cost after recording the baseline or forecast' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  recordWholeLifeCost(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: WholeLifeCostDto) {
    return this.wholeLife.record(actor, id, body);
  }
}
