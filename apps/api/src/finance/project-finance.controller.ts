import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BudgetsService, WholeLifeCostService } from '@app/finance';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { BudgetHistoryResponse, WholeLifeCostResponse } from './finance.responses';
import { WholeLifeCostDto } from './finance-practice.dto';

const uuid = new ParseIdPipe();

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
  @ApiOperation({ summary: "A project's budget history", description: 'Every budget line the project has had, with its reason, approver and the change from the figure before, oldest first; and the current budget per year and category.' })
  @ApiOkResponse({ description: 'every budget line with its reason and approver, oldest first, and the current budget per year and category', type: BudgetHistoryResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  budgetHistory(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.budgets.history(actor, id);
  }

  @Get('whole-life-cost')
  @Auth('portfolio:read')
  @ApiOperation({
    summary: "A project's whole-life cost",
    description: 'The latest baseline and forecast whole-life cost, split capital and resource, with the variance between them; beside the budgets by year, spend by cost type and commitments outstanding over every financial year.',
  })
  @ApiOkResponse({ description: 'baseline and forecast whole-life cost, split capital and resource, beside budgets by year, spend by cost type and commitments', type: WholeLifeCostResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  wholeLifeCost(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.wholeLife.get(actor, id);
  }

  @Post('whole-life-cost')
  @Auth('finance:write')
  @ApiOperation({ summary: 'Record a whole-life cost baseline or forecast', description: 'One figure for one category, as of a date. Figures are kept: the latest as-of per kind and category counts.' })
  @ApiCreatedResponse({ description: 'the whole-life cost after recording the baseline or forecast', type: WholeLifeCostResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  recordWholeLifeCost(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Body() body: WholeLifeCostDto) {
    return this.wholeLife.record(actor, id, body);
  }
}
