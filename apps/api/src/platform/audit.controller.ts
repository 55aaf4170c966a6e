import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { Actor, ApiPageResponse, AuditService, Auth, CurrentActor, PageQuery } from '@app/platform';
import { AuditEventResponse } from './audit.responses';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'programme', maxLength: 64, pattern: '^[a-z_]+$' })
  @IsOptional() @IsString() @Length(1, 64) @Matches(/^[a-z_]+$/, { message: 'entityType is lower-case letters and underscores' })
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4')
  entityId?: string;

  @ApiPropertyOptional({ example: 'programme.updated', maxLength: 64 })
  @IsOptional() @IsString() @Length(1, 64)
  action?: string;
}

@ApiTags('audit')
@Controller('v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Auth('admin')
  @ApiOperation({ summary: 'List audit events', description: 'Who changed what and when, with the fields before and after, newest first, a page at a time; filter by entity type, entity id and action. The trail is append-only and chained (see the verify-audit command).' })
  @ApiPageResponse(AuditEventResponse, 'who did what, newest first')
  list(@CurrentActor() actor: Actor, @Query() query: AuditQuery) {
    return this.audit.list(actor, query);
  }
}
