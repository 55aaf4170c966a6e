import { ApiProperty } from '@nestjs/swagger';
import { OWNED_SUBJECTS, type OwnedSubject, type OwnerView } from '@app/accountability';

/** The accountable person of a programme, project or KPI as the API answers it (see accountability.views.ts). */
export class OwnerResponse implements OwnerView {
  @ApiProperty({ enum: OWNED_SUBJECTS }) subjectType!: OwnedSubject;
  @ApiProperty({ format: 'uuid', description: 'the programme, project or KPI' }) subjectId!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) projectId!: string | null;
  @ApiProperty({ format: 'uuid', description: 'the accountable person' }) personId!: string;
  @ApiProperty({ enum: ['sro', 'project_manager', 'kpi_owner'], description: 'sro for a programme, project_manager for a project, kpi_owner for a KPI' }) role!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CurrentOwnerResponse {
  @ApiProperty({ type: OwnerResponse, nullable: true, description: 'null when nobody is named' }) owner!: OwnerResponse | null;
}
