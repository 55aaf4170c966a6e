import { ApiProperty } from '@nestjs/swagger';
import { MILESTONE_STATUSES, type MilestoneStatus, type MilestoneView, type RebaselineView } from '@app/delivery';
import { TimestampsResponse } from '@app/platform';

/*
 * Response schemas for the OpenAPI document. Each `implements` the view its service builds, so
 * the compiler keeps the documented fields and the answered ones together.
 */

export class RebaselineResponse implements RebaselineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'the made decision that agreed it' }) decisionId!: string;
  @ApiProperty({ format: 'date' }) previousBaselineDate!: string;
  @ApiProperty({ format: 'date' }) baselineDate!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MilestoneResponse extends TimestampsResponse implements MilestoneView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a programme\'s own milestone' }) projectId!: string | null;
  @ApiProperty({ example: 'Private beta opens' }) title!: string;
  @ApiProperty({ format: 'date', description: 'the baseline first agreed; never edited' }) originalBaselineDate!: string;
  @ApiProperty({ format: 'date', description: 'the baseline in force: the latest re-baseline decision\'s, else the original' }) baselineDate!: string;
  @ApiProperty({ format: 'date' }) forecastDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) actualDate!: string | null;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
  @ApiProperty({ format: 'uuid' }) ownerPersonId!: string;
  @ApiProperty({ example: 12, description: 'days the forecast (the actual date, once achieved) is after the current baseline; negative when ahead' }) slipDays!: number;
  @ApiProperty({ type: [RebaselineResponse], description: 'oldest first' }) rebaselines!: RebaselineResponse[];
  @ApiProperty({ minimum: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}
