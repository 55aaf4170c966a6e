import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { MILESTONE_STATUSES, MilestoneStatus } from '@app/delivery';
import { IsDateOnly } from '@app/platform';

export class NewMilestoneDto {
  @ApiProperty({ maxLength: 200, example: 'Private beta opens' }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ format: 'date', example: '2026-09-30', description: 'the date agreed; never edited afterwards (a re-baseline decision sets a new one)' }) @IsDateOnly() baselineDate: string;
  @ApiPropertyOptional({ format: 'date', description: 'the date now expected; the baseline when left out' }) @IsOptional() @IsDateOnly() forecastDate?: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'when it was achieved; achieves the milestone' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsDateOnly() actualDate?: string | null;
  @ApiPropertyOptional({ enum: MILESTONE_STATUSES, description: 'not_started unless an actualDate is sent (achieved)' }) @IsOptional() @IsIn(MILESTONE_STATUSES) status?: MilestoneStatus;
  @ApiProperty({ format: 'uuid', description: 'the person who answers for it' }) @IsUUID('4') ownerPersonId: string;
}

/** The baseline is not here: it changes only by a re-baseline decision. */
export class UpdateMilestoneDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsDateOnly() forecastDate?: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'sending one achieves the milestone' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsDateOnly() actualDate?: string | null;
  @ApiPropertyOptional({ enum: MILESTONE_STATUSES }) @IsOptional() @IsIn(MILESTONE_STATUSES) status?: MilestoneStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') ownerPersonId?: string;
}

export class RebaselineDto {
  @ApiProperty({ format: 'uuid', description: 'a made decision of the milestone\'s project (or programme) in the decision log' }) @IsUUID('4') decisionId: string;
  @ApiProperty({ format: 'date', example: '2026-12-31', description: 'the new baseline the decision agreed' }) @IsDateOnly() baselineDate: string;
}
