import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, etag, RefusedItems, requireIfMatch, ParseIdPipe } from '@app/platform';
import { KpisService, MeasurementsService, RefusedKpis } from '@app/kpis';
import { CreateKpiDto, ListKpisQuery, MeasurementBatchDto, MeasurementRangeQuery, PutMeasurementDto, UpdateKpiDto } from './kpis.dto';

const uuid = new ParseIdPipe();

@ApiTags('kpis')
@Controller('v1/kpis')
export class KpisController {
  constructor(
    private readonly kpis: KpisService,
    private readonly measurements: MeasurementsService,
  ) {}

  @Post()
  @Auth('kpis:write')
  @ApiCreatedResponse({ description: 'the KPI, with measurable, missing and evaluation' })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateKpiDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const kpi = await this.kpis.create(actor, body);
    reply.header('etag', etag(kpi.version));
    return kpi;
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'KPIs with their evaluation, in creation order' })
  list(@CurrentActor() actor: Actor, @Query() query: ListKpisQuery) {
    return this.kpis.list(actor, query);
  }

  @Post('measurements/batch')
  @Auth('kpis:write')
  @HttpCode(200)
  @ApiOkResponse({ description: 'one result per item, in order: created, updated, unchanged, invalid (with errors), not_found or forbidden (a KPI outside the programmes and projects a person is a member of)' })
  batch(@CurrentActor() actor: Actor, @Body() body: MeasurementBatchDto, @RefusedItems() refused: RefusedKpis) {
    return this.measurements.batch(actor, body.items, refused);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the KPI with its evaluation; ETag is its version' })
  @ApiNotFoundResponse({ description: 'no such KPI in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const kpi = await this.kpis.get(actor, id);
    reply.header('etag', etag(kpi.version));
    return kpi;
  }

  @Patch(':id')
  @Auth('kpis:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read, e.g. "3"' })
  @ApiOkResponse({ description: 'the updated KPI' })
  @ApiPreconditionFailedResponse({ description: 'the KPI changed since you read it' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateKpiDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const version = requireIfMatch(ifMatch);
    const kpi = await this.kpis.update(actor, id, version, body);
    reply.header('etag', etag(kpi.version));
    return kpi;
  }

  @Put(':id/measurements/:date')
  @Auth('kpis:write')
  @ApiCreatedResponse({ description: 'the measurement was created' })
  @ApiOkResponse({ description: 'the measurement was updated (the change is audited) or was already this' })
  async putMeasurement(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Param('date') date: string,
    @Body() body: PutMeasurementDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { status, measurement } = await this.measurements.put(actor, id, date, body);
    reply.status(status === 'created' ? 201 : 200);
    return { ...measurement, result: status };
  }

  @Get(':id/measurements')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the KPI\'s measurements, newest first' })
  listMeasurements(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: MeasurementRangeQuery) {
    return this.measurements.list(actor, id, query);
  }
}
