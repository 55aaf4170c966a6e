import { ApiProperty } from '@nestjs/swagger';
import { ACTION_PARENTS, ACTION_STATUSES, type ActionParent, type ActionStatus, type ActionView } from '@app/accountability';
import { TimestampsResponse } from '@app/platform';

/** An action as the API answers it (see accountability.views.ts); `implements` keeps the two together. */
export class ActionResponse extends TimestampsResponse implements ActionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty({ example: 'Book user research sessions for the online account' }) title!: string;
  @ApiProperty({ enum: ACTION_PARENTS, description: 'what it was assigned on' }) parentType!: ActionParent;
  @ApiProperty({ format: 'uuid', description: 'the flag, risk, issue, decision or status report' }) parentId!: string;
  @ApiProperty({ format: 'uuid', description: 'who will do it' }) ownerPersonId!: string;
  @ApiProperty({ format: 'date', example: '2026-02-28' }) dueOn!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: ActionStatus;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when it was done or cancelled' }) closedAt!: string | null;
  @ApiProperty({ minimum: 1, description: 'also in ETag; send it as If-Match to update' }) version!: number;
}
