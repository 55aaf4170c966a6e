import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { BENEFIT_KINDS, BenefitKind } from '@app/delivery';
import { IsMoney, IsPeriod } from '@app/platform';

const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/;
const MONEY = { pattern: '^\\d{1,13}(\\.\\d{1,2})?$', example: '120000.00' };

export class ProfileYearDto {
  @ApiProperty({ example: '2026-27', description: 'a financial year, as "2026-27"' })
  @Matches(FINANCIAL_YEAR, { message: 'financialYear must be a financial year such as 2026-27' })
  financialYear: string;

  @ApiProperty({ ...MONEY, description: 'planned realisation in that year, a decimal string in the benefit\'s unit' }) @IsMoney() planned: string;
}

export class NewBenefitDto {
  @ApiProperty({ maxLength: 200, example: 'Fewer calls to the contact centre' }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ enum: BENEFIT_KINDS }) @IsIn(BENEFIT_KINDS) kind: BenefitKind;
  @ApiPropertyOptional({ maxLength: 40, example: 'hours', description: 'what a non-monetised benefit is measured in (required for one); the money kinds are in pounds' }) @IsOptional() @IsString() @Length(1, 40) unit?: string;
  @ApiProperty({ format: 'uuid', description: 'the person who answers for realising it' }) @IsUUID('4') ownerPersonId: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the strategic objective it serves' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('4') objectiveId?: string | null;
  @ApiProperty({ ...MONEY, example: '0.00' }) @IsMoney() baselineValue: string;
  @ApiProperty(MONEY) @IsMoney() targetValue: string;
  @ApiPropertyOptional({ type: [String], description: 'the KPIs that measure it (of the benefit\'s project, or a programme\'s projects)' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('4', { each: true }) kpiIds?: string[];
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the KPI whose measurements are the realised amounts (the last in each month); leave out to enter them with evidence' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('4') realisationKpiId?: string | null;
  @ApiPropertyOptional({ type: [ProfileYearDto], description: 'planned realisation by financial year' }) @IsOptional() @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ProfileYearDto) profile?: ProfileYearDto[];
}

export class UpdateBenefitDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') ownerPersonId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('4') objectiveId?: string | null;
  @ApiPropertyOptional(MONEY) @IsOptional() @IsMoney() baselineValue?: string;
  @ApiPropertyOptional(MONEY) @IsOptional() @IsMoney() targetValue?: string;
  @ApiPropertyOptional({ type: [String], description: 'replaces the linked KPIs' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('4', { each: true }) kpiIds?: string[];
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('4') realisationKpiId?: string | null;
}

export class BenefitProfileDto {
  @ApiProperty({ type: [ProfileYearDto], description: 'the whole profile; replaces the one held' }) @IsArray() @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => ProfileYearDto) years: ProfileYearDto[];
}

export class NewRealisationDto {
  @ApiProperty({ example: '2026-10', description: 'the month realised (not in the future); a second entry for a month supersedes the first' }) @IsPeriod() period: string;
  @ApiProperty(MONEY) @IsMoney() amount: string;
  @ApiProperty({ maxLength: 1000, example: 'Finance report FR-2026-10', description: 'where the evidence is: a link or a document reference' }) @IsString() @Length(1, 1000) evidence: string;
}

export class PeriodQuery {
  @ApiPropertyOptional({ example: '2026-10', description: 'as at the end of this month; the current month when left out' }) @IsOptional() @IsPeriod() period?: string;
}
