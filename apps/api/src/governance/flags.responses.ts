import { ApiProperty } from '@nestjs/swagger';
import { FLAG_STATUSES, RULE_CODES, SEVERITIES, type FlagStatus, type FlagView, type Severity } from '@app/governance';

/* Response schemas for the OpenAPI document; FlagResponse `implements` the view the service answers with. */

export class AcknowledgementResponse {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'who acknowledged it (token or person name)' }) by!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) byPersonId!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class FlagAcceptanceResponse {
  @ApiProperty({ format: 'date' }) until!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, nullable: true }) by!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) byPersonId!: string | null;
  @ApiProperty() lapsed!: boolean;
}

export class FlagResponse implements FlagView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RULE_CODES, description: 'the governance rule that raised it' }) rule!: string;
  @ApiProperty({ example: 'No user need' }) title!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({ enum: FLAG_STATUSES }) status!: FlagStatus;
  @ApiProperty({ enum: ['project', 'programme'] }) subjectType!: 'project' | 'programme';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ description: 'the evidence, as a sentence a board member understands' }) evidence!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "the rule's figures" }) details!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstRaisedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeenAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
  @ApiProperty({ type: AcknowledgementResponse, nullable: true }) acknowledgement!: AcknowledgementResponse | null;
  @ApiProperty({ type: FlagAcceptanceResponse, nullable: true, description: 'an acceptance until a date, with its reason; lapsed once the date has passed' }) acceptance!: FlagAcceptanceResponse | null;
  @ApiProperty({ minimum: 1 }) version!: number;
}

export class FlagEventResponse {
  @ApiProperty({ example: 'raised' }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) actor!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class FlagWithHistoryResponse extends FlagResponse {
  @ApiProperty({ type: [FlagEventResponse], description: 'raised, refreshed, acknowledged, resolved and reopened, oldest first' }) history!: FlagEventResponse[];
}
