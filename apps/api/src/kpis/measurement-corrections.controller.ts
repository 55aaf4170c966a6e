import { Body, Controller, Delete, Get, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, isCalendarDate, Problem, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { MeasurementCorrectionsService } from '@app/kpis';
import { CorrectMeasurementDto, WithdrawMeasurementDto } from './measurement-corrections.dto';
import { MeasurementHistoryResponse, MeasurementResponse } from './kpis.responses';

const IF_MATCH = { name: 'If-Match', required: true, description: 'the measurement\'s ETag (its version), e.g. "2"; * for any version', schema: { type: 'string', example: '"2"' } };
const DATE_PARAM = { name: 'date', description: 'the date the measurement is for', schema: { type: 'string', format: 'date', example: '2026-09-30' } };

const uuid = new ParseIdPipe();

function calendarDate(date: string): string {
  if (!isCalendarDate(date)) throw Problem.validation([{ field: 'date', message: 'date must be a real date written YYYY-MM-DD' }]);
  return date;
}

/** Corrections of one KPI's measurement on a date: correct, withdraw, and the kept history. */
@ApiTags('kpis')
@ApiParam(DATE_PARAM)
@Controller('v1/kpis/:id/measurements/:date')
export class MeasurementCorrectionsController {
  constructor(private readonly corrections: MeasurementCorrectionsService) {}

  @Patch()
  @Auth('kpis:write')
  @ApiOperation({
    summary: 'Correct a measurement',
    description: 'Sets the right value (and optionally the note) of the measurement for this date, with the reason. The earlier version is kept in its history and the change is audited; the KPI, scans and evidence follow. Derived KPIs cannot be corrected. Needs If-Match with the ETag last read (412 when stale, 428 without).',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ description: 'the corrected measurement; the earlier version is kept in its history', type: MeasurementResponse })
  @ApiPreconditionFailedResponse({ description: 'the measurement changed since you read it' })
  @ApiNotFoundResponse({ description: 'no measurement for this KPI and date' })
  async correct(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('date') date: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: CorrectMeasurementDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.corrections.correct(actor, id, calendarDate(date), requireIfMatch(ifMatch), body));
  }

  @Delete()
  @Auth('kpis:write')
  @ApiOperation({
    summary: 'Withdraw a measurement',
    description: 'Removes the measurement for this date, with the reason: it no longer counts, and the withdrawn version is kept in its history (audited). Needs If-Match with the ETag last read (412 when stale, 428 without). The reason goes in the body.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ description: 'the measurement is withdrawn; answers its history (current is null)', type: MeasurementHistoryResponse })
  @ApiPreconditionFailedResponse({ description: 'the measurement changed since you read it' })
  @ApiNotFoundResponse({ description: 'no measurement for this KPI and date' })
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('date') date: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawMeasurementDto) {
    return this.corrections.withdraw(actor, id, calendarDate(date), requireIfMatch(ifMatch), body.reason);
  }

  @Get('history')
  @Auth('portfolio:read')
  @ApiOperation({ summary: "A measurement's history", description: 'The measurement for this date as it stands (null when withdrawn or never recorded) and every earlier version, newest first, with who changed it, when and why.' })
  @ApiOkResponse({ description: 'the measurement as it stands (or null) and every earlier version, newest first, with who changed it and why', type: MeasurementHistoryResponse })
  @ApiNotFoundResponse({ description: 'no such KPI in this organisation' })
  history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('date') date: string) {
    return this.corrections.history(actor, id, calendarDate(date));
  }
}
