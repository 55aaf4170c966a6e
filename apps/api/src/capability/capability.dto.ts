import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { KNOWLEDGE_TRANSFER_KINDS, KnowledgeTransferKind } from '@app/capability';
import { IsEvidenceDate } from '../engagement/engagement.validators';

const MAX_PEOPLE = 1_000_000;

export class SetCapabilityRoleDto {
  @ApiProperty({ maxLength: 120, example: 'Service designer', description: 'the in-house role; setting it again replaces its counts' })
  @IsString() @Length(1, 120)
  role: string;

  @ApiProperty({ minimum: 0, maximum: 1000000, example: 3, description: 'permanent posts the service needs in this role' })
  @IsInt() @Min(0) @Max(MAX_PEOPLE)
  needed: number;

  @ApiProperty({ minimum: 0, maximum: 1000000, example: 1, description: 'of those, filled by permanent staff; not more than needed' })
  @IsInt() @Min(0) @Max(MAX_PEOPLE)
  filled: number;
}

export class CreateKnowledgeTransferDto {
  @ApiProperty({ enum: KNOWLEDGE_TRANSFER_KINDS, example: 'pairing' })
  @IsIn(KNOWLEDGE_TRANSFER_KINDS)
  kind: KnowledgeTransferKind;

  @ApiProperty({ format: 'date', example: '2026-09-12', description: 'not in the future' })
  @IsEvidenceDate()
  occurredOn: string;

  @ApiProperty({ minimum: 1, maximum: 1000000, example: 2, description: 'permanent staff who took part' })
  @IsInt() @Min(1) @Max(MAX_PEOPLE)
  permanentStaff: number;

  @ApiProperty({ maxLength: 1000, example: 'Supplier developers paired with two permanent developers on the payments service' })
  @IsString() @Length(1, 1000)
  description: string;

  @ApiProperty({ maxLength: 1000, example: 'https://intranet.example.gov.uk/handover/payments', description: 'where the evidence is: a link or a document reference' })
  @IsString() @Length(1, 1000)
  evidence: string;
}
