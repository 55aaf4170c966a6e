import { ApiProperty } from '@nestjs/swagger';
import { BENCHMARK_METRICS, type BenchmarkFigureView, type BenchmarksView, type ParticipationView } from '@app/benchmarks';

/* Response schemas for the OpenAPI document; each `implements` the view the service answers with. */

const DECIMAL = { pattern: '^-?\\d+(\\.\\d+)?$', example: '61.50' };

export class BenchmarkFigureResponse implements BenchmarkFigureView {
  @ApiProperty({ enum: BENCHMARK_METRICS }) metric!: string;
  @ApiProperty({ type: String, nullable: true, example: 'user_satisfaction', description: 'the governance rule for coverage, the KPI kind for KPIs; null otherwise' }) kind!: string | null;
  @ApiProperty({ example: 'User satisfaction (%)' }) title!: string;
  @ApiProperty({ minimum: 1, description: 'organisations the figure covers (never fewer than the minimum group)' }) contributors!: number;
  @ApiProperty(DECIMAL) lowerQuartile!: string;
  @ApiProperty(DECIMAL) median!: string;
  @ApiProperty(DECIMAL) upperQuartile!: string;
  @ApiProperty({ ...DECIMAL, type: String, nullable: true, description: "the organisation's own figure, computed now; null when it has none for the measure" }) own!: string | null;
}

export class UnpublishedFigureResponse {
  @ApiProperty({ enum: BENCHMARK_METRICS }) metric!: string;
  @ApiProperty({ type: String, nullable: true }) kind!: string | null;
  @ApiProperty({ example: 'Projects with an optimism gap (%)' }) title!: string;
  @ApiProperty({ ...DECIMAL, description: "the organisation's own figure" }) own!: string;
}

export class BenchmarkRunResponse {
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
  @ApiProperty({ minimum: 0, description: 'organisations that took part' }) organisations!: number;
  @ApiProperty({ minimum: 1, description: 'the fewest organisations a published figure may cover' }) minGroup!: number;
}

export class BenchmarksResponse implements BenchmarksView {
  @ApiProperty({ description: 'whether the organisation contributes' }) participating!: boolean;
  @ApiProperty({ type: BenchmarkRunResponse, nullable: true, description: 'the latest computation; null before the first' }) run!: BenchmarkRunResponse | null;
  @ApiProperty({ type: [BenchmarkFigureResponse], description: 'published figures by metric and kind, beside the organisation\'s own' }) figures!: BenchmarkFigureResponse[];
  @ApiProperty({ type: [UnpublishedFigureResponse], description: 'own figures for measures with no published benchmark (too few organisations contribute)' }) unpublished!: UnpublishedFigureResponse[];
}

export class ParticipationResponse implements ParticipationView {
  @ApiProperty({ description: 'the organisation contributes to the benchmarks' }) optedIn!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when it last opted in or out; null if it never has' }) changedAt!: string | null;
}
