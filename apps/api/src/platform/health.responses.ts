import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Readiness } from '@app/platform';

/* What the load balancer's probes read. */

export class LiveResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

class DependencyCheckResponse {
  @ApiProperty({ enum: ['up', 'down'] }) status!: 'up' | 'down';
  @ApiPropertyOptional({ example: 'PostgreSQL did not answer within 2000 ms', description: 'why it is down' }) error?: string;
}

class WorkerCheckResponse {
  @ApiProperty({ enum: ['up', 'stale', 'unknown'], description: 'stale: no heartbeat for three intervals; unknown: none on record' }) status!: 'up' | 'stale' | 'unknown';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastHeartbeatAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, example: 12 }) ageSeconds!: number | null;
}

type ReadinessChecks = Readiness['checks'];

class ReadinessChecksResponse implements ReadinessChecks {
  @ApiProperty({ type: DependencyCheckResponse }) database!: DependencyCheckResponse;
  @ApiProperty({ type: DependencyCheckResponse }) redis!: DependencyCheckResponse;
  @ApiProperty({ type: WorkerCheckResponse, description: 'reported only: a stale worker does not make the api unready' }) worker!: WorkerCheckResponse;
}

export class ReadinessResponse implements Readiness {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ type: ReadinessChecksResponse }) checks!: ReadinessChecksResponse;
}
