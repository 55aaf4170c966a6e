import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { KpiRollup } from '@app/kpis';
import { AsOfQuery } from './kpis.dto';

const uuid = new ParseIdPipe();
const asOfDate = (query: AsOfQuery): Date => (query.asOf ? new Date(`${query.asOf}T12:00:00Z`) : new Date());

/** Counts of a project's or programme's active KPIs by evaluation status (what the portfolio view shows). */
@ApiTags('kpis')
@Controller('v1')
@Auth('portfolio:read')
export class KpiSummaryController {
  constructor(private readonly rollup: KpiRollup) {}

  @Get('projects/:id/kpi-summary')
  @ApiOkResponse({ description: 'counts by status: on_track, at_risk, off_track, no_data, not_measurable; stale counts across them' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  project(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: AsOfQuery) {
    return this.rollup.projectSummary(actor, id, asOfDate(query));
  }

  @Get('programmes/:id/kpi-summary')
  @ApiOkResponse({ description: 'the programme\'s counts, and each of its projects\' counts' })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  programme(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: AsOfQuery) {
    return this.rollup.programmeSummary(actor, id, asOfDate(query));
  }
}
