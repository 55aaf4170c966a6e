import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForecastsService } from '@app/finance';
import { Actor, ApiPageResponse, Auth, CurrentActor } from '@app/platform';
import { ForecastResponse } from './finance.responses';
import { ForecastDto, ForecastQuery } from './finance.dto';

@ApiTags('finance')
@Controller('v1/forecasts')
export class ForecastsController {
  constructor(private readonly forecasts: ForecastsService) {}

  @Post()
  @Auth('finance:write')
  @ApiOperation({ summary: 'Record a forecast outturn', description: "A project's forecast outturn for a financial year, as of a date. Forecasts are kept: the one with the latest as-of date counts in the finance summary and the portfolio." })
  @ApiCreatedResponse({ description: 'the forecast; earlier ones are kept as history', type: ForecastResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  create(@CurrentActor() actor: Actor, @Body() body: ForecastDto) {
    return this.forecasts.create(actor, body);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List forecasts', description: 'Forecast history, latest as-of date first, a page at a time; filter by project and financial year.' })
  @ApiPageResponse(ForecastResponse, 'forecast history, latest as-of first')
  list(@CurrentActor() actor: Actor, @Query() query: ForecastQuery) {
    return this.forecasts.list(actor, query);
  }
}
