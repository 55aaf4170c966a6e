import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_NOTE_LENGTH, MAX_REASON_LENGTH } from '@app/kpis';
import { IsKpiValue } from './kpis.dto';

export class CorrectMeasurementDto {
  @ApiProperty({ example: 68.2, description: 'the right value' })
  @IsKpiValue()
  value: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_NOTE_LENGTH, description: 'replaces the note; omit to keep it' })
  @IsOptional() @IsString() @MaxLength(MAX_NOTE_LENGTH)
  note?: string | null;

  @ApiProperty({ maxLength: MAX_REASON_LENGTH, example: 'Entered the March figure for February' })
  @IsString() @IsNotEmpty({ message: 'reason is required: say why the measurement is being corrected' }) @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

export class WithdrawMeasurementDto {
  @ApiProperty({ maxLength: MAX_REASON_LENGTH, example: 'Recorded against the wrong KPI' })
  @IsString() @IsNotEmpty({ message: 'reason is required: say why the measurement is being withdrawn' }) @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}
