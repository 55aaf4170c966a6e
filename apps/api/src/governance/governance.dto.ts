import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsDateOnly, PageQuery } from '@app/platform';
import { FLAG_STATUSES, FlagStatus, RULE_CODES, Severity, SEVERITIES } from '@app/governance';

export class FlagQuery extends PageQuery {
  @ApiPropertyOptional({ enum: [...FLAG_STATUSES, 'unresolved'] }) @IsOptional() @IsIn([...FLAG_STATUSES, 'unresolved']) status?: FlagStatus | 'unresolved';
  @ApiPropertyOptional({ enum: RULE_CODES }) @IsOptional() @IsIn(RULE_CODES) rule?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') projectId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
}

export class AcknowledgeFlagDto {
  @ApiProperty({ example: 'Board aware; user research booked for January' }) @IsString() @Length(1, 2000) note: string;
}

export class AcceptFlagDto {
  @ApiProperty({ format: 'date', example: '2026-03-31', description: 'the last day the acceptance holds (today or later); the first scan after it opens the flag again' }) @IsDateOnly() until: string;
  @ApiProperty({ maxLength: 2000, example: 'Budget pressure accepted until the spending review settles' }) @IsString() @Length(1, 2000) reason: string;
}

export class FlagActionDto {
  @ApiProperty({ maxLength: 200, example: 'Book user research sessions for the online account' }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ format: 'uuid', example: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a', description: 'who will do it: a person in the organisation' }) @IsUUID('4') ownerPersonId: string;
  @ApiProperty({ format: 'date', example: '2026-02-28' }) @IsDateOnly() dueOn: string;
  @ApiPropertyOptional({ maxLength: 4000, example: 'Recruit from the council tax contact centre queue' }) @IsOptional() @IsString() @Length(0, 4000) notes?: string;
}

export class GovernanceSettingsDto {
  @ApiPropertyOptional({ minimum: 7, maximum: 730, default: 90 }) @IsOptional() @IsInt() @Min(7) @Max(730) userFeedbackDays?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30 }) @IsOptional() @IsInt() @Min(1) @Max(365) actionsDueDays?: number;
  @ApiPropertyOptional({ minimum: 30, maximum: 1095, default: 180 }) @IsOptional() @IsInt() @Min(30) @Max(1095) buyInDays?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 50 }) @IsOptional() @IsNumber() @Min(0) @Max(100) minSupportivePct?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 60 }) @IsOptional() @IsNumber() @Min(0) @Max(100) minTrainingCoveragePct?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 5 }) @IsOptional() @IsNumber() @Min(0) @Max(100) budgetTolerancePct?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 4, default: 2 }) @IsOptional() @IsInt() @Min(1) @Max(4) optimismGapSteps?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 7, description: 'days a submitted status report may wait for approval before it is flagged' })
  @IsOptional() @IsInt() @Min(1) @Max(90) reportApprovalDays?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 50, description: 'capability_dependency: outside-expertise share (contractors + consultancy against staff) above which a beta or live service needs knowledge transfer' }) @IsOptional() @IsNumber() @Min(0) @Max(100) maxOutsideExpertisePct?: number;
  @ApiPropertyOptional({ minimum: 7, maximum: 730, default: 90, description: 'capability_dependency: how recent a knowledge-transfer activity must be' }) @IsOptional() @IsInt() @Min(7) @Max(730) knowledgeTransferDays?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 60, default: 7, description: 'how many days before a flag acceptance ends whoever accepted it and the owner are told by email' })
  @IsOptional() @IsInt() @Min(1) @Max(60) acceptanceNoticeDays?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30, description: 'milestone_slipped and the rating\'s schedule input: days an open milestone\'s forecast may run past its current baseline' }) @IsOptional() @IsInt() @Min(1) @Max(365) milestoneSlipDays?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 10, description: 'benefits_behind_plan: percent realised may fall below planned to date' }) @IsOptional() @IsNumber() @Min(0) @Max(100) benefitsBehindPlanPct?: number;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 12, description: 'first month of the financial year (4 = April)' }) @IsOptional() @IsInt() @Min(1) @Max(12) financialYearStartMonth?: number;
  @ApiPropertyOptional({ type: GovernanceSettingsDto }) @IsOptional() @ValidateNested() @Type(() => GovernanceSettingsDto) governance?: GovernanceSettingsDto;
}
