import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ParticipationDto {
  @ApiProperty({ example: true, description: 'true to contribute to the anonymous benchmarks from the next computation; false to be left out of it' })
  @IsBoolean()
  optedIn: boolean;
}
