import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SuppliersService } from '@app/finance';
import { Actor, ApiPageResponse, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { SupplierResponse } from './finance.responses';
import { SupplierDto, SupplierPatchDto, SupplierQuery } from './finance-practice.dto';

const uuid = new ParseIdPipe();

@ApiTags('finance')
@Controller('v1/suppliers')
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Post()
  @Auth('finance:write')
  @ApiOperation({
    summary: 'Register a supplier',
    description: 'A supplier with its SME status and Companies House number. Spend and commitments are matched to it by normalised name (case, punctuation and company suffix ignored), so its SME status counts in the SME share.',
  })
  @ApiCreatedResponse({ description: 'the supplier, with its normalised name; its version in ETag', type: SupplierResponse })
  @ApiConflictResponse({ description: 'supplier_exists: a supplier with the same normalised name is registered (existingId)' })
  async create(@CurrentActor() actor: Actor, @Body() body: SupplierDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.suppliers.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List suppliers', description: 'The register by normalised name, a page at a time; filter by part of the name and SME status.' })
  @ApiPageResponse(SupplierResponse, 'the register by normalised name')
  list(@CurrentActor() actor: Actor, @Query() query: SupplierQuery) {
    return this.suppliers.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a supplier' })
  @ApiOkResponse({ description: 'the supplier; its version in ETag', type: SupplierResponse })
  @ApiNotFoundResponse({ description: 'no such supplier in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.suppliers.get(actor, id));
  }

  @Patch(':id')
  @Auth('finance:write')
  @ApiOperation({ summary: 'Update a supplier', description: 'Changes its SME status or Companies House number (null removes the number). Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the supplier with its new SME status or company number', type: SupplierResponse })
  @ApiPreconditionFailedResponse({ description: 'the supplier changed since you read it' })
  @ApiNotFoundResponse({ description: 'no such supplier in this organisation' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: SupplierPatchDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.suppliers.update(actor, id, requireIfMatch(ifMatch), body));
  }
}
