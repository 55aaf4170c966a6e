import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BudgetsService } from '@app/finance';
import { Actor, answerCreated, Auth, CurrentActor } from '@app/platform';
import { BudgetDto, BudgetQuery } from './finance.dto';

@ApiTags('finance')
@Controller('v1/budgets')
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Post()
  @Auth('finance:write')
  @ApiCreatedResponse({ description: 'a new budget for the project, year and category' })
  @ApiOkResponse({ description: 'the budget re-baselined (the old figure stays in the audit trail)' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  async upsert(@CurrentActor() actor: Actor, @Body() body: BudgetDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.budgets.upsert(actor, body);
    return answerCreated(reply, result.created, result.budget);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'budgets, filtered by project and year' })
  list(@CurrentActor() actor: Actor, @Query() query: BudgetQuery) {
    return this.budgets.list(actor, query);
  }
}
