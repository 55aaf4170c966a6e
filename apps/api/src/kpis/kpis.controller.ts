import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOperation, ApiParam, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, answerCreated, ApiPageResponse, Auth, CreatedAt, CurrentActor, etag, RefusedItems, requireIfMatch, ParseIdPipe } from '@app/platform';
import { KpisService, MeasurementsService, RefusedKpis } from '@app/kpis';
import { KpiResponse, MeasurementBatchResponse, MeasurementPutResponse, MeasurementResponse } from './kpis.responses';
import { ExternalRefParams } from '../portfolio/portfolio.dto';
import { CreateKpiDto, KpiMeasurementBatchDto, ListKpisQuery, MeasurementBatchDto, MeasurementRangeQuery, PutMeasurementDto, UpdateKpiDto, UpsertKpiDto } from './kpis.dto';

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
  @ApiOperation({ summary: 'Create a KPI', description: 'A measurable KPI of a project: unit, baseline, target and dates. The four GOV.UK Service Standard kinds fill in their name, unit, direction and definition.' })
  @CreatedAt('/v1/kpis/:id')
  @ApiCreatedResponse({ description: 'the KPI, with measurable, missing and evaluation; its URL in Location', type: KpiResponse })
  @ApiNotFoundResponse({ description: 'no such project in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateKpiDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const kpi = await this.kpis.create(actor, body);
    reply.header('etag', etag(kpi.version));
    return kpi;
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List KPIs', description: 'KPIs with their evaluation, in creation order, a page at a time.' })
  @ApiPageResponse(KpiResponse, 'KPIs with their evaluation, in creation order')
  list(@CurrentActor() actor: Actor, @Query() query: ListKpisQuery) {
    return this.kpis.list(actor, query);
  }

  @Post('measurements/batch')
  @Auth('kpis:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record many measurements', description: 'Up to 1000 measurements of any KPIs, each answered on its own: one bad item does not reject the others. A measurement is keyed by KPI and date, so sending one again is `unchanged` or `updated`, never a duplicate.' })
  @ApiOkResponse({ description: 'one result per item, in order: created, updated, unchanged, invalid (with errors), not_found or forbidden (a KPI outside the programmes and projects a person is a member of)', type: MeasurementBatchResponse })
  batch(@CurrentActor() actor: Actor, @Body() body: MeasurementBatchDto, @RefusedItems() refused: RefusedKpis) {
    return this.measurements.batch(actor, body.items, refused);
  }

  @Put('by-ref/:source/:externalId')
  @Auth('kpis:write')
  @CreatedAt('/v1/kpis/:id')
  @ApiConsumes('application/json', 'application/merge-patch+json')
  @ApiOperation({
    summary: "Create or update a KPI by the source tool's own id",
    description:
      'Upsert keyed by `source` (the tool) and `externalId` (its id). The body is a JSON Merge Patch (RFC 7396): fields sent are set, fields left out are kept as they are (what people entered, such as the owner or description, is never wiped by a sync), and null clears a field that may be empty. Creating needs kind and the project, named by projectId or by the project\'s own reference (project: {source, id}). Sending the same body again changes nothing, not even the version. Send application/json or application/merge-patch+json.',
  })
  @ApiCreatedResponse({ description: 'created; its URL in Location, its version in ETag', type: KpiResponse })
  @ApiOkResponse({ description: 'updated (or unchanged); the same KPI id every time', type: KpiResponse })
  @ApiNotFoundResponse({ description: 'the project named is not one this organisation has (or one the caller can see)' })
  async upsert(@CurrentActor() actor: Actor, @Param() params: ExternalRefParams, @Body() body: UpsertKpiDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, kpi } = await this.kpis.upsertByRef(actor, { source: params.source, externalId: params.externalId }, body);
    reply.header('etag', etag(kpi.version));
    return answerCreated(reply, created, kpi);
  }

  @Post('by-ref/:source/:externalId/measurements')
  @Auth('kpis:write')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record many measurements of a KPI named by the source tool's own id",
    description: 'The measurements batch for the KPI upserted under `source` and `externalId`, so a sync never needs our ids: up to 1000 items of date and value, each answered on its own, keyed by date (sending one again is `unchanged` or `updated`, never a duplicate).',
  })
  @ApiOkResponse({ description: 'one result per item, in order: created, updated, unchanged or invalid (with errors)', type: MeasurementBatchResponse })
  @ApiNotFoundResponse({ description: 'no KPI in this organisation has this reference' })
  batchByRef(@CurrentActor() actor: Actor, @Param() params: ExternalRefParams, @Body() body: KpiMeasurementBatchDto) {
    return this.measurements.batchByRef(actor, params.source, params.externalId, body.items);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a KPI' })
  @ApiOkResponse({ description: 'the KPI with its evaluation; ETag is its version', type: KpiResponse })
  @ApiNotFoundResponse({ description: 'no such KPI in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const kpi = await this.kpis.get(actor, id);
    reply.header('etag', etag(kpi.version));
    return kpi;
  }

  @Patch(':id')
  @Auth('kpis:write')
  @ApiOperation({ summary: 'Update a KPI', description: 'Changes the fields sent; null clears an optional one. Needs If-Match with the ETag last read.' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the updated KPI', type: KpiResponse })
  @ApiPreconditionFailedResponse({ description: 'the KPI changed since you read it' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateKpiDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const version = requireIfMatch(ifMatch);
    const kpi = await this.kpis.update(actor, id, version, body);
    reply.header('etag', etag(kpi.version));
    return kpi;
  }

  @Put(':id/measurements/:date')
  @Auth('kpis:write')
  @ApiOperation({ summary: "Record a KPI's measurement for a date", description: 'Idempotent by KPI and date: the first call creates it (201), later ones update it (audited) or change nothing (200).' })
  @ApiParam({ name: 'date', schema: { type: 'string', format: 'date', example: '2026-09-30' } })
  @ApiCreatedResponse({ description: 'the measurement was created', type: MeasurementPutResponse })
  @ApiOkResponse({ description: 'the measurement was updated (the change is audited) or was already this', type: MeasurementPutResponse })
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
  @ApiOperation({ summary: "List a KPI's measurements", description: 'Newest first, a page at a time; from and to bound the dates.' })
  @ApiPageResponse(MeasurementResponse, "the KPI's measurements, newest first")
  listMeasurements(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: MeasurementRangeQuery) {
    return this.measurements.list(actor, id, query);
  }
}
