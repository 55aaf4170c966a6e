import { Body, Controller, Get, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPreconditionFailedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SpendSplitMappingsService } from '@app/finance';
import { Actor, ApiPageResponse, Auth, CurrentActor, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { SplitMappingResponse } from './finance.responses';
import { SplitMappingDto, SplitMappingReplaceDto } from './finance-practice.dto';

const uuid = new ParseIdPipe();

/** Saved split mappings: an organisation-wide extract's column values to projects (imports name one as mapping.splitMappingId). */
@ApiTags('finance')
@Controller('v1/spend/split-mappings')
export class SplitMappingsController {
  constructor(private readonly mappings: SpendSplitMappingsService) {}

  @Post()
  @Auth('finance:write')
  @ApiOperation({
    summary: 'Save a split mapping',
    description: "Which project each value of an organisation-wide extract's column (department, cost centre) belongs to, and what happens to rows whose value has none: rejected, or sent to a holding project. An import names it as mapping.splitMappingId.",
  })
  @ApiCreatedResponse({ description: 'the saved mapping; its version in ETag', type: SplitMappingResponse })
  @ApiConflictResponse({ description: 'split_mapping_exists: the name is taken' })
  @ApiNotFoundResponse({ description: 'a project named is not in this organisation' })
  async create(@CurrentActor() actor: Actor, @Body() body: SplitMappingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.mappings.create(actor, body));
  }

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'List split mappings', description: 'Every saved split mapping, by name, on one page (nextCursor is always null).' })
  @ApiPageResponse(SplitMappingResponse, 'every saved split mapping, by name')
  list(@CurrentActor() actor: Actor) {
    return this.mappings.list(actor);
  }

  @Get(':id')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read a split mapping' })
  @ApiOkResponse({ description: 'the mapping; its version in ETag', type: SplitMappingResponse })
  @ApiNotFoundResponse({ description: 'no such split mapping in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.mappings.get(actor, id));
  }

  @Put(':id')
  @Auth('finance:write')
  @ApiOperation({ summary: 'Replace a split mapping', description: 'The column, values, unmapped policy and holding project, all replaced (the name stays). Needs If-Match with the ETag last read (412 when stale, 428 without).' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the mapping replaced (the audit trail keeps the old one)', type: SplitMappingResponse })
  @ApiPreconditionFailedResponse({ description: 'the mapping changed since you read it' })
  @ApiNotFoundResponse({ description: 'no such split mapping, or a project named is not in this organisation' })
  async replace(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: SplitMappingReplaceDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.mappings.replace(actor, id, requireIfMatch(ifMatch), body));
  }
}
