import { ApiProperty } from '@nestjs/swagger';
import {
  BUY_IN_TRENDS, ENGAGEMENT_KINDS, GROUP_KINDS,
  type BuyInReadingView, type BuyInTrend, type EngagementKind, type EngagementSummary, type EngagementView, type GroupKind, type RecordHistory, type RecordVersionView, type StakeholderGroupView, type TrainingRecordView,
} from '@app/engagement';

/* Response schemas for stakeholder evidence; each `implements` the view its mapper builds (engagement.views.ts). */

const VERSION = { minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to change the record' } as const;
const CREATED_AT = { format: 'date-time', example: '2026-10-01T09:30:00.000Z' } as const;

export class StakeholderGroupResponse implements StakeholderGroupView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ example: 'Residents who pay council tax' }) name!: string;
  @ApiProperty({ enum: GROUP_KINDS }) kind!: GroupKind;
  @ApiProperty({ description: "true for the organisation's own staff" }) internal!: boolean;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, example: 48000, description: 'how many people the group holds' }) size!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'crm', description: 'the integrating tool that upserted it by its own id' }) externalSource!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'SEG-12', description: "that tool's own id" }) externalId!: string | null;
  @ApiProperty(VERSION) version!: number;
  @ApiProperty(CREATED_AT) createdAt!: string;
  @ApiProperty(CREATED_AT) updatedAt!: string;
}

export class EngagementResponse implements EngagementView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ enum: ENGAGEMENT_KINDS }) kind!: EngagementKind;
  @ApiProperty({ format: 'date', example: '2026-03-14' }) occurredOn!: string;
  @ApiProperty({ minimum: 0, example: 12 }) participants!: number;
  @ApiProperty({ example: 'Residents could not find where to report a missed bin collection', description: 'what was heard' }) findings!: string;
  @ApiProperty({ type: String, nullable: true, description: 'what was done about it; null while the loop is open' }) actionsTaken!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when actionsTaken was first recorded' }) actionsRecordedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'smart-survey', description: 'the integrating tool that posted it' }) externalSource!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'resp-2026-0412', description: "that tool's own id" }) externalId!: string | null;
  @ApiProperty(VERSION) version!: number;
  @ApiProperty(CREATED_AT) createdAt!: string;
  @ApiProperty(CREATED_AT) updatedAt!: string;
  @ApiProperty({ description: 'a feedback loop is closed once what was done about the findings is recorded' }) loopClosed!: boolean;
}

export class BuyInReadingResponse implements BuyInReadingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid', description: 'an internal stakeholder group' }) groupId!: string;
  @ApiProperty({ format: 'date', example: '2026-03-14' }) surveyedOn!: string;
  @ApiProperty({ minimum: 1, example: 40 }) respondents!: number;
  @ApiProperty({ type: String, nullable: true, description: 'free-text themes from the responses' }) themes!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'smart-survey' }) externalSource!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'resp-2026-0412' }) externalId!: string | null;
  @ApiProperty(VERSION) version!: number;
  @ApiProperty(CREATED_AT) createdAt!: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 62.5, description: 'a share, not money: a number with up to two decimals' }) supportivePct!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 25 }) neutralPct!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 12.5 }) opposedPct!: number;
}

export class TrainingRecordResponse implements TrainingRecordView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ format: 'date', example: '2026-03-14' }) recordedOn!: string;
  @ApiProperty({ minimum: 1, example: 120 }) staffInScope!: number;
  @ApiProperty({ minimum: 0, example: 84 }) staffTrained!: number;
  @ApiProperty({ type: String, nullable: true, example: 'New case management system' }) course!: string | null;
  @ApiProperty(VERSION) version!: number;
  @ApiProperty(CREATED_AT) createdAt!: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 70, description: 'staffTrained as a share of staffInScope' }) coveragePct!: number;
}

const RESULT = { enum: ['created', 'exists'], description: 'exists: already posted with this externalSource and externalId, unchanged' } as const;

export class EngagementCreatedResponse extends EngagementResponse {
  @ApiProperty(RESULT) result!: 'created' | 'exists';
}

export class BuyInReadingCreatedResponse extends BuyInReadingResponse {
  @ApiProperty(RESULT) result!: 'created' | 'exists';
}

class ChangedByResponse {
  @ApiProperty({ example: 'Sam Jones' }) name!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId!: string | null;
}

export class RecordVersionResponse implements RecordVersionView {
  @ApiProperty({ minimum: 1, description: 'the version this was' }) version!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the record as it was at that version' }) data!: Record<string, unknown>;
  @ApiProperty({ enum: ['corrected', 'withdrawn'], description: 'what happened to this version' }) change!: 'corrected' | 'withdrawn';
  @ApiProperty({ type: String, nullable: true, example: 'Recorded against the wrong project' }) reason!: string | null;
  @ApiProperty({ type: ChangedByResponse }) changedBy!: ChangedByResponse;
  @ApiProperty(CREATED_AT) changedAt!: string;
}

const CURRENT = 'the record as it stands; null once withdrawn';
const VERSIONS = 'its earlier versions, newest first';

export class EngagementHistoryResponse implements RecordHistory<EngagementView> {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: EngagementResponse, nullable: true, description: CURRENT }) current!: EngagementResponse | null;
  @ApiProperty({ type: [RecordVersionResponse], description: VERSIONS }) versions!: RecordVersionResponse[];
}

export class BuyInReadingHistoryResponse implements RecordHistory<BuyInReadingView> {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: BuyInReadingResponse, nullable: true, description: CURRENT }) current!: BuyInReadingResponse | null;
  @ApiProperty({ type: [RecordVersionResponse], description: VERSIONS }) versions!: RecordVersionResponse[];
}

export class TrainingRecordHistoryResponse implements RecordHistory<TrainingRecordView> {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: TrainingRecordResponse, nullable: true, description: CURRENT }) current!: TrainingRecordResponse | null;
  @ApiProperty({ type: [RecordVersionResponse], description: VERSIONS }) versions!: RecordVersionResponse[];
}

// ---- a project's engagement summary

type Summary = EngagementSummary;
type OpenLoops = Summary['openLoops'];
type BuyIn = Summary['buyIn'][number];
type Training = Summary['training'][number];
type TrainingCoverage = Summary['trainingCoverage'];
type Counts = Summary['counts'];

class LastFeedbackResponse implements NonNullable<Summary['lastExternalFeedback']> {
  @ApiProperty({ format: 'uuid' }) engagementId!: string;
  @ApiProperty({ format: 'date' }) occurredOn!: string;
  @ApiProperty({ minimum: 0, example: 21, description: 'days before asOf' }) ageDays!: number;
  @ApiProperty({ enum: ENGAGEMENT_KINDS }) kind!: EngagementKind;
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ example: 'Residents who pay council tax' }) groupName!: string;
}

class OpenLoopResponse extends LastFeedbackResponse {
  @ApiProperty() groupInternal!: boolean;
}

class OpenLoopsResponse implements OpenLoops {
  @ApiProperty({ minimum: 0 }) count!: number;
  @ApiProperty({ type: [OpenLoopResponse], description: 'engagements with no actions recorded, oldest first' }) items!: OpenLoopResponse[];
}

class LatestReadingResponse implements NonNullable<BuyIn['latest']> {
  @ApiProperty({ format: 'uuid' }) readingId!: string;
  @ApiProperty({ format: 'date' }) surveyedOn!: string;
  @ApiProperty({ minimum: 0 }) ageDays!: number;
  @ApiProperty({ minimum: 1 }) respondents!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 62.5 }) supportivePct!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 25 }) neutralPct!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 12.5 }) opposedPct!: number;
}

class PreviousReadingResponse implements NonNullable<BuyIn['previous']> {
  @ApiProperty({ format: 'uuid' }) readingId!: string;
  @ApiProperty({ format: 'date' }) surveyedOn!: string;
  @ApiProperty({ minimum: 0, maximum: 100, example: 55 }) supportivePct!: number;
}

class GroupBuyInResponse implements BuyIn {
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ example: 'Revenues and benefits team' }) groupName!: string;
  @ApiProperty({ enum: GROUP_KINDS }) groupKind!: GroupKind;
  @ApiProperty({ type: LatestReadingResponse, nullable: true, description: 'null when never surveyed' }) latest!: LatestReadingResponse | null;
  @ApiProperty({ type: PreviousReadingResponse, nullable: true }) previous!: PreviousReadingResponse | null;
  @ApiProperty({ type: Number, nullable: true, example: 7.5, description: 'supportive share, latest minus previous (points)' }) supportiveChange!: number | null;
  @ApiProperty({ enum: BUY_IN_TRENDS, nullable: true }) trend!: BuyInTrend | null;
}

class LatestTrainingResponse implements NonNullable<Training['latest']> {
  @ApiProperty({ format: 'uuid' }) recordId!: string;
  @ApiProperty({ format: 'date' }) recordedOn!: string;
  @ApiProperty({ minimum: 0 }) ageDays!: number;
  @ApiProperty({ minimum: 1 }) staffInScope!: number;
  @ApiProperty({ minimum: 0 }) staffTrained!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 70 }) coveragePct!: number;
  @ApiProperty({ type: String, nullable: true }) course!: string | null;
}

class GroupTrainingResponse implements Training {
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ example: 'Revenues and benefits team' }) groupName!: string;
  @ApiProperty({ enum: GROUP_KINDS }) groupKind!: GroupKind;
  @ApiProperty() groupInternal!: boolean;
  @ApiProperty({ type: LatestTrainingResponse, nullable: true, description: 'null when none recorded' }) latest!: LatestTrainingResponse | null;
}

class TrainingCoverageResponse implements TrainingCoverage {
  @ApiProperty({ minimum: 0 }) staffInScope!: number;
  @ApiProperty({ minimum: 0 }) staffTrained!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 100, description: 'null when no group has a record' }) coveragePct!: number | null;
}

class EngagementCountsResponse implements Counts {
  @ApiProperty({ minimum: 0 }) groups!: number;
  @ApiProperty({ minimum: 0 }) internalGroups!: number;
  @ApiProperty({ minimum: 0 }) externalGroups!: number;
  @ApiProperty({ minimum: 0 }) engagements!: number;
  @ApiProperty({ minimum: 0 }) externalEngagements!: number;
  @ApiProperty({ minimum: 0 }) openLoops!: number;
  @ApiProperty({ minimum: 0 }) closedLoops!: number;
  @ApiProperty({ minimum: 0 }) buyInReadings!: number;
  @ApiProperty({ minimum: 0 }) trainingRecords!: number;
}

export class EngagementSummaryResponse implements Summary {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'date', example: '2026-10-01', description: 'the date ages are measured to (today in Europe/London)' }) asOf!: string;
  @ApiProperty({ type: LastFeedbackResponse, nullable: true, description: 'the latest engagement with an external group' }) lastExternalFeedback!: LastFeedbackResponse | null;
  @ApiProperty({ type: OpenLoopsResponse }) openLoops!: OpenLoopsResponse;
  @ApiProperty({ type: [GroupBuyInResponse], description: 'every internal group, with its latest reading and the trend against the one before' }) buyIn!: GroupBuyInResponse[];
  @ApiProperty({ type: [GroupTrainingResponse], description: 'every internal group, and any external group with training records: the latest record of each' }) training!: GroupTrainingResponse[];
  @ApiProperty({ type: TrainingCoverageResponse, description: 'latest record per group, summed over the groups that have one' }) trainingCoverage!: TrainingCoverageResponse;
  @ApiProperty({ minimum: 0, description: 'co-design engagements with citizens or service users' }) citizenCoDesignCount!: number;
  @ApiProperty({ type: EngagementCountsResponse }) counts!: EngagementCountsResponse;
}
