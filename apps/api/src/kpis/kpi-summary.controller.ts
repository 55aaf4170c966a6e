import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, ParseIdPipe } from '@app/platform';
import { KpiRollup } from '@app/kpis';
import { AsOfQuery } from './kpis.dto';
import { ProgrammeKpiSummaryResponse, ProjectKpiSummaryResponse } from './kpis.responses';

const uuid = new ParseIdPipe();
const asOfDate = (query: AsOfQuery): Date => (query.asOf ? new Date(`${query.asOf}T12:00:00Z`) : new Date());

/** Counts of a project's or programme's active KPIs by evaluation status (what the portfolio view shows). */
@ApiTags('kpis')
@Controller('v1')
@Auth('portfolio:read')
export class KpiSummaryController {
  constructor(private readonly rollup: KpiRollup) {}

  @Get('projects/:id/kpi-summary')
  @ApiOperation({ summary: "A project's KPI summary", description: "Counts of the project's active KPIs by evaluation status, evaluated today or at asOf: what the portfolio view shows." })
  @ApiOkResponse({ description: 'counts by status: on_track, at_risk, off_track, no_data, not_measurable; stale counts across them', type: ProjectKpiSummaryResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  project(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: AsOfQuery) {
    return this.rollup.projectSummary(actor, id, asOfDate(query));
  }

  @Get('programmes/:id/kpi-summary')
  @ApiOperation({ summary: "A programme's KPI summary", description: "The programme's counts of active KPIs by evaluation status, and each of its projects' counts, evaluated today or at asOf." })
  @ApiOkResponse({ description: "the programme's counts, and each of its projects' counts", type: ProgrammeKpiSummaryResponse })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  programme(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: AsOfQuery) {
    return this.rollup.programmeSummary(actor, id, asOfDate(query));
  }
}
