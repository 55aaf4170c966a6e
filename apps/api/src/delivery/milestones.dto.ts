import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, ValidateIf, ValidateNested } from 'class-validator';
import { MILESTONE_STATUSES, MilestoneStatus } from '@app/delivery';
import { IsDateOnly, IsPresentIfSent } from '@app/platform';
import { ProjectRefDto } from '../portfolio/portfolio.dto';

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

/** A merge patch of a milestone (RFC 7396): fields left out are kept, null clears actualDate. */
export class UpsertMilestoneDto {
  @ApiPropertyOptional({ format: 'uuid', description: "the project by our id; this or project is required when the milestone is created, and a milestone never moves project" })
  @IsPresentIfSent() @IsUUID('4') projectId?: string;
  @ApiPropertyOptional({ type: ProjectRefDto, description: "the project by the tool's own reference instead of projectId" })
  @IsPresentIfSent() @IsObject() @ValidateNested() @Type(() => ProjectRefDto) project?: ProjectRefDto;
  @ApiPropertyOptional({ maxLength: 200, example: 'Private beta opens', description: 'required when the milestone is created' }) @IsPresentIfSent() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-09-30', description: 'required when the milestone is created; afterwards only the baseline in force (or the one first sent) is accepted, as a new one needs a re-baseline decision' })
  @IsPresentIfSent() @IsDateOnly() baselineDate?: string;
  @ApiPropertyOptional({ format: 'date', description: 'the date now expected; the baseline when created without one' }) @IsPresentIfSent() @IsDateOnly() forecastDate?: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'sending one achieves the milestone; null clears it (send another status with it)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsDateOnly() actualDate?: string | null;
  @ApiPropertyOptional({ enum: MILESTONE_STATUSES, description: 'not_started when created without one (achieved with an actualDate); a status other than achieved clears actualDate' })
  @IsPresentIfSent() @IsIn(MILESTONE_STATUSES, { message: `status must be one of ${MILESTONE_STATUSES.join(', ')}` }) status?: MilestoneStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'the person who answers for it; required when the milestone is created' }) @IsPresentIfSent() @IsUUID('4') ownerPersonId?: string;
}
