import { Body, Controller, Delete, Get, Headers, Param, ParseUUIDPipe, Patch, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, isCalendarDate, Problem, requireIfMatch, withEtag } from '@app/platform';
import { MeasurementCorrectionsService } from '@app/kpis';
import { CorrectMeasurementDto, WithdrawMeasurementDto } from './measurement-corrections.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

function calendarDate(date: string): string {
  if (!isCalendarDate(date)) throw Problem.validation([{ field: 'date', message: 'date must be a real date written YYYY-MM-DD' }]);
  return date;
}

/** Corrections of one KPI's measurement on a date: correct, withdraw, and the kept history. */
@ApiTags('kpis')
@Controller('v1/kpis/:id/measurements/:date')
export class MeasurementCorrectionsController {
  constructor(private readonly corrections: MeasurementCorrectionsService) {}

  @Patch()
  @Auth('kpis:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the measurement\'s version' })
  @ApiOkResponse({ description: 'the corrected measurement; the earlier version is kept in its history' })
  @ApiPreconditionFailedResponse({ description: 'the measurement changed since you read it' })
  @ApiNotFoundResponse({ description: 'no measurement for this KPI and date' })
  async correct(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('date') date: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: CorrectMeasurementDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.corrections.correct(actor, id, calendarDate(date), requireIfMatch(ifMatch), body));
  }

  @Delete()
  @Auth('kpis:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the measurement\'s version' })
  @ApiOkResponse({ description: 'the measurement is withdrawn; answers its history (current is null)' })
  @ApiPreconditionFailedResponse({ description: 'the measurement changed since you read it' })
  @ApiNotFoundResponse({ description: 'no measurement for this KPI and date' })
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('date') date: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: WithdrawMeasurementDto) {
    return this.corrections.withdraw(actor, id, calendarDate(date), requireIfMatch(ifMatch), body.reason);
  }

  @Get('history')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the measurement as it stands (or null) and every earlier version, newest first, with who changed it and why' })
  @ApiNotFoundResponse({ description: 'no such KPI' })
  history(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('date') date: string) {
    return this.corrections.history(actor, id, calendarDate(date));
  }
}
