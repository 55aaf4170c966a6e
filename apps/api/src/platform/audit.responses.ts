import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventView } from '@app/platform';

/* The audit trail's events as GET /v1/audit-events answers them. */

class AuditActorResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the token used, if any' }) tokenId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the person, if any' }) personId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the board session, if signed in there' }) sessionId!: string | null;
  @ApiProperty({ example: 'Sam Jones', description: 'the person, token or system process, as named then' }) name!: string;
}

export class AuditEventResponse implements AuditEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: AuditActorResponse }) actor!: AuditActorResponse;
  @ApiProperty({ example: 'programme.updated' }) action!: string;
  @ApiProperty({ example: 'programme' }) entityType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) entityId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the fields that changed, as they were (null when created)', example: { name: 'Customer Services' } }) before!: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the fields that changed, as they became (null when removed)', example: { name: 'Customer Services Transformation' } }) after!: unknown;
  @ApiProperty({ type: String, nullable: true, description: 'the request that made the change' }) requestId!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) occurredAt!: string;
}
