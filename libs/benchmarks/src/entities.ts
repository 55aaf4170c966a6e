import { BenchmarkFigureEntity } from './benchmark-figure.entity';
import { BenchmarkParticipantEntity } from './benchmark-participant.entity';
import { BenchmarkRunEntity } from './benchmark-run.entity';

/** Every entity of the benchmarks area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const BENCHMARKS_ENTITIES: Function[] = [BenchmarkParticipantEntity, BenchmarkRunEntity, BenchmarkFigureEntity];
