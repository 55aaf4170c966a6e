import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SuppliersService } from '@app/finance';
import { Actor, Auth, CurrentActor, requireIfMatch, withEtag } from '@app/platform';
import { SupplierDto, SupplierPatchDto, SupplierQuery } from './finance-practice.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('finance')
@Controller('v1/suppliers')
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Post()
  @Auth('finance:write')
  @ApiCreatedResponse({ description: 'the supplier, with its normalised name' })
  @ApiConflictResponse({ description: 'supplier_exists: a supplier with the same normalised name is registered (existingId)' })
  async create(@CurrentActor() actor: Actor, @Body() body: SupplierDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.suppliers.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'the register by normalised name' })
  list(@CurrentActor() actor: Actor, @Query() query: SupplierQuery) {
    return this.suppliers.list(actor, query);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiNotFoundResponse({ description: 'no such supplier in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.suppliers.get(actor, id));
  }

  @Patch(':id')
  @Auth('finance:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the supplier with its new SME status or company number' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: SupplierPatchDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.suppliers.update(actor, id, requireIfMatch(ifMatch), body));
  }
}
