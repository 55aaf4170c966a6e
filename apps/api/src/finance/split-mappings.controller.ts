import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SpendSplitMappingsService } from '@app/finance';
import { Actor, Auth, CurrentActor, requireIfMatch, withEtag } from '@app/platform';
import { SplitMappingDto, SplitMappingReplaceDto } from './finance-practice.dto';

const uuid = new ParseUUIDPipe({ version: '4' });

/** Saved split mappings: an organisation-wide extract's column values to projects (imports name one as mapping.splitMappingId). */
@ApiTags('finance')
@Controller('v1/spend/split-mappings')
export class SplitMappingsController {
  constructor(private readonly mappings: SpendSplitMappingsService) {}

  @Post()
  @Auth('finance:write')
  @ApiCreatedResponse({ description: 'the saved mapping' })
  @ApiConflictResponse({ description: 'split_mapping_exists: the name is taken' })
  @ApiNotFoundResponse({ description: 'a project named is not in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: SplitMappingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.mappings.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'every saved split mapping, by name' })
  list(@CurrentActor() actor: Actor) {
    return this.mappings.list(actor);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiNotFoundResponse({ description: 'no such split mapping in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.mappings.get(actor, id));
  }

  @Put(':id')
  @Auth('finance:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the mapping replaced (the audit trail keeps the old one)' })
  async replace(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: SplitMappingReplaceDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.mappings.replace(actor, id, requireIfMatch(ifMatch), body));
  }
}
