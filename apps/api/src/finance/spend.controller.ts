import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { BatchItem, NewSpend, RefusedProjects, SpendLedgerService, SpendReadsService } from '@app/finance';
import { Actor, ApiPageResponse, Auth, CreatedAt, CurrentActor, IdempotentResult, IDEMPOTENT_REPLAYED_HEADER, Problem, RefusedItems, requireIdempotencyKey, validateItem, ParseIdPipe } from '@app/platform';
import { RecordedSpendResponse, SpendBatchResponse, SpendEntryResponse, SpendResponse } from './spend.responses';
import { IDEMPOTENCY_KEY_DOC, ReversalDto, SpendBatchDto, SpendEntryDto, SpendExportQuery, SpendListQuery } from './spend.dto';

const uuid = new ParseIdPipe();

const SPEND_CSV_EXAMPLE =
  'id,project_code,project_id,financial_year,spent_on,amount,currency,category,cost_type,supplier,supplier_is_sme,reference,description,external_id,reverses_id,reversal_reason,source,created_at,kind,order_number,supplier_id\r\n' +
  '0b9c6a0e-2f1d-4e8a-9c3b-5d7e1f2a3b4c,CS-01,6f1c2a4e-3b5d-4c7e-8f90-1a2b3c4d5e6f,2026-27,2026-05-14,1234.50,GBP,resource,suppliers,Acme Digital Ltd,true,INV-0042,,,,,api,2026-05-15T09:30:00.000Z,payment,PO-2026-0042,\r\n';

function answer<T>(reply: FastifyReply, result: IdempotentResult<T>): T {
  reply.status(result.status);
  if (result.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return result.body;
}

/** Validates one batch item on its own, so one bad item does not reject the others. */
function parseItem(raw: Record<string, unknown>): BatchItem {
  const item = validateItem(SpendEntryDto, raw);
  return item.ok ? { ok: true, entry: toNewSpend(item.value) } : item;
}

const toNewSpend = (dto: SpendEntryDto): NewSpend => ({ ...dto });

@ApiTags('finance')
@Controller('v1')
export class SpendController {
  constructor(
    private readonly ledger: SpendLedgerService,
    private readonly reads: SpendReadsService,
  ) {}

  @Post('spend')
  @Auth('finance:write')
  @ApiHeader(IDEMPOTENCY_KEY_DOC)
  @ApiOperation({ summary: 'Record spend', description: 'One entry in the append-only ledger. Needs an Idempotency-Key: a retry with the same key and body replays the first answer (Idempotent-Replayed: true), never counts twice. Corrections are reversals.' })
  @CreatedAt('/v1/spend/:id')
  @ApiCreatedResponse({ description: 'the entry, with "result": "created"; a replay carries Idempotent-Replayed: true', type: RecordedSpendResponse })
  @ApiOkResponse({ description: 'the externalId was already recorded with the same amount: the existing entry, "result": "exists"', type: RecordedSpendResponse })
  @ApiConflictResponse({ description: 'the externalId is recorded with a different amount, or the key is in use by a request still running (Retry-After)' })
  @ApiUnprocessableEntityResponse({ description: 'the Idempotency-Key was used with a different body' })
  async create(@CurrentActor() actor: Actor, @Headers('idempotency-key') key: string | undefined, @Body() body: SpendEntryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.ledger.record(actor, requireIdempotencyKey(key), toNewSpend(body)));
  }

  @Post('spend/batch')
  @Auth('finance:write')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_KEY_DOC)
  @ApiOperation({ summary: 'Record many spend entries', description: 'Up to 1000 entries, each answered on its own. Needs an Idempotency-Key.' })
  @ApiOkResponse({ description: 'one result per item, in order: created, exists, conflict, duplicate, invalid (with errors), not_found or forbidden', type: SpendBatchResponse })
  async batch(
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: SpendBatchDto,
    @RefusedItems() refused: RefusedProjects,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    return answer(reply, await this.ledger.recordBatch(actor, idempotencyKey, body.items.map(parseItem), body.items, refused));
  }

  @Post('spend/:id/reversal')
  @Auth('finance:write')
  @ApiHeader(IDEMPOTENCY_KEY_DOC)
  @ApiOperation({ summary: 'Reverse a spend entry', description: 'The ledger is append-only: a correction is a reversing entry, the negative of the original. Needs an Idempotency-Key.' })
  @CreatedAt('/v1/spend/:id')
  @ApiCreatedResponse({ description: 'the reversing entry: the negative of the original, on its date and project', type: SpendResponse })
  @ApiConflictResponse({ description: 'the entry is already reversed, or is itself a reversal' })
  @ApiNotFoundResponse({ description: 'no such entry in this organisation' })
  async reverse(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: ReversalDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.ledger.reverse(actor, requireIdempotencyKey(key), id, body.reason));
  }

  @Get('spend')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List spend', description: 'Ledger entries, newest spend date first, a page at a time.' })
  @ApiPageResponse(SpendResponse, 'ledger entries, newest spend date first')
  list(@CurrentActor() actor: Actor, @Query() query: SpendListQuery) {
    return this.reads.list(actor, query);
  }

  @Get('spend.csv')
  @Auth('portfolio:read')
  @ApiOperation({
    summary: 'Export spend as CSV',
    description: 'The ledger for a date range (optionally one project) as a CSV download, streamed, with a header row. Cells that a spreadsheet would run as a formula are escaped.',
  })
  @ApiOkResponse({
    description: 'the ledger for the period as CSV, safe to open in a spreadsheet (Content-Disposition names the file)',
    content: { 'text/csv': { schema: { type: 'string' }, example: SPEND_CSV_EXAMPLE } },
  })
  exportCsv(@CurrentActor() actor: Actor, @Query() query: SpendExportQuery, @Res() reply: FastifyReply) {
    if (query.from > query.to) {
      throw Problem.validation([{ field: 'to', message: 'to must be on or after from' }]);
    }
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="spend-${query.from}-to-${query.to}.csv"`)
      .send(Readable.from(this.reads.exportCsv(actor, query)));
  }

  @Get('spend/:id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a spend entry' })
  @ApiOkResponse({ description: 'one entry, with the id of its reversal if it has one', type: SpendEntryResponse })
  @ApiNotFoundResponse({ description: 'no such entry in this organisation' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.reads.get(actor, id);
  }
}
