import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ForecastsService } from '@app/finance';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { ForecastDto, ForecastQuery } from './finance.dto';

@ApiTags('finance')
@Controller('v1/forecasts')
export class ForecastsController {
  constructor(private readonly forecasts: ForecastsService) {}

  @Post()
  @Auth('finance:write')
  @ApiCreatedResponse({ description: 'the forecast; earlier ones are kept as history' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  create(@CurrentActor() actor: Actor, @Body() body: ForecastDto) {
    return this.forecasts.create(actor, body);
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'forecast history, latest as-of first' })
  list(@CurrentActor() actor: Actor, @Query() query: ForecastQuery) {
    return this.forecasts.list(actor, query);
  }
}
