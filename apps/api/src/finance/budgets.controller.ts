import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BudgetsService } from '@app/finance';
import { Actor, answerCreated, ApiPageResponse, Auth, CurrentActor } from '@app/platform';
import { BudgetResponse } from './finance.responses';
import { BudgetDto, BudgetQuery } from './finance.dto';

@ApiTags('finance')
@Controller('v1/budgets')
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Post()
  @Auth('finance:write')
  @ApiOperation({
    summary: 'Set or re-baseline a budget',
    description: "A project's budget for one financial year and category. Sending it again with another amount re-baselines it: the new figure counts, and the old one stays as a line in the budget history with the reason and approver sent. The same amount again changes nothing.",
  })
  @ApiCreatedResponse({ description: 'a new budget for the project, year and category', type: BudgetResponse })
  @ApiOkResponse({ description: 'the budget re-baselined (the old figure stays in the budget history), or unchanged', type: BudgetResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  async upsert(@CurrentActor() actor: Actor, @Body() body: BudgetDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.budgets.upsert(actor, body);
    return answerCreated(reply, result.created, result.budget);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List budgets', description: 'Current budgets, a page at a time; filter by project and financial year.' })
  @ApiPageResponse(BudgetResponse, 'budgets, filtered by project and year')
  list(@CurrentActor() actor: Actor, @Query() query: BudgetQuery) {
    return this.budgets.list(actor, query);
  }
}
