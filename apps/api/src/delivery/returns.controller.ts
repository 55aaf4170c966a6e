import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { majorProjectsReturnCsv, MajorProjectsReturnService } from '@app/reporting';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { PeriodQuery } from './benefits.dto';
import { MajorProjectsReturnResponse } from './delivery.responses';
import { majorProjectsReturnWorkbook } from './return-workbook';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The major-projects return: per project, delivery confidence, key dates, whole-life cost, benefits and narrative. */
@ApiTags('delivery')
@Controller('v1/returns')
export class ReturnsController {
  constructor(private readonly returns: MajorProjectsReturnService) {}

  @Get('major-projects')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'The major-projects return for a period', description: 'One line per project, its delivery confidence and finance exactly as the portfolio shows them for the period (the latest reported when left out).' })
  @ApiOkResponse({ type: MajorProjectsReturnResponse })
  json(@CurrentActor() actor: Actor, @Query() query: PeriodQuery) {
    return this.returns.build(actor, query.period);
  }

  @Get('major-projects.csv')
  @Auth('portfolio:read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The major-projects return as CSV', description: 'The same lines, one row per project; cells that could run as formulas are escaped.' })
  @ApiOkResponse({ description: 'the return as CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  async csv(@CurrentActor() actor: Actor, @Query() query: PeriodQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const ret = await this.returns.build(actor, query.period);
    reply.header('content-disposition', `attachment; filename="major-projects-return-${ret.period}.csv"`);
    return majorProjectsReturnCsv(ret);
  }

  @Get('major-projects.xlsx')
  @Auth('portfolio:read')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: 'The major-projects return as an Excel workbook', description: 'The same lines with typed cells: money in pounds and pence, dates as dates.' })
  @ApiOkResponse({ description: 'the return as a workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async xlsx(@CurrentActor() actor: Actor, @Query() query: PeriodQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const ret = await this.returns.build(actor, query.period);
    reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="major-projects-return-${ret.period}.xlsx"`).header('cache-control', 'no-store');
    return majorProjectsReturnWorkbook(ret);
  }
}
