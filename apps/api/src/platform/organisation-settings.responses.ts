import { ApiProperty } from '@nestjs/swagger';
import type { GovernanceSettings } from '@app/governance';

/* The organisation's governance settings as GET and PATCH /v1/organisation/settings answer them. */

export class GovernanceSettingsResponse implements GovernanceSettings {
  @ApiProperty({ minimum: 7, maximum: 730, example: 90, description: 'days without external user feedback before a project is flagged' }) userFeedbackDays!: number;
  @ApiProperty({ minimum: 1, maximum: 365, example: 30, description: 'days an engagement may go without its actions taken recorded before it is flagged' }) actionsDueDays!: number;
  @ApiProperty({ minimum: 30, maximum: 1095, example: 180, description: 'how recent a buy-in reading of an internal group must be' }) buyInDays!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 50, description: 'the supportive share below which buy-in is flagged' }) minSupportivePct!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 60, description: 'the training coverage below which a group is flagged' }) minTrainingCoveragePct!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 5, description: 'how far over budget (per cent) a forecast may be before it is flagged' }) budgetTolerancePct!: number;
  @ApiProperty({ minimum: 1, maximum: 4, example: 2, description: 'steps between the reported and the evidence-based rating that count as optimism' }) optimismGapSteps!: number;
  @ApiProperty({ minimum: 1, maximum: 90, example: 7, description: 'days a submitted status report may wait for approval before it is flagged' }) reportApprovalDays!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 50, description: 'the share of spend on outside expertise above which a beta or live service needs knowledge transfer' }) maxOutsideExpertisePct!: number;
  @ApiProperty({ minimum: 7, maximum: 730, example: 90, description: 'how recent a knowledge-transfer activity must be' }) knowledgeTransferDays!: number;
  @ApiProperty({ minimum: 1, maximum: 60, example: 7, description: 'how many days before a flag acceptance ends whoever accepted it and the owner are told by email' }) acceptanceNoticeDays!: number;
  @ApiProperty({ minimum: 1, maximum: 365, example: 30, description: "days an open milestone's forecast may run past its current baseline before it counts as slipped" }) milestoneSlipDays!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 10, description: 'how far (per cent) realised benefits may fall below planned to date' }) benefitsBehindPlanPct!: number;
}

export class OrganisationSettingsResponse {
  @ApiProperty({ minimum: 1, maximum: 12, example: 4, description: 'the month the financial year starts (4: April)' }) financialYearStartMonth!: number;
  @ApiProperty({ type: GovernanceSettingsResponse, description: "governance thresholds: the organisation's own, or the defaults" }) governance!: GovernanceSettings;
  @ApiProperty({ minimum: 1, example: 3, description: "the organisation's version, also in ETag; send it as If-Match to change the settings" }) version!: number;
}
