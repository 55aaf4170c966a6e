import { PerformanceIndexes1763800009000 } from './1763800009000-performance-indexes';

/** Indexes and storage settings that the scale benchmark showed were needed (docs/SCALING.md). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PERFORMANCE_MIGRATIONS: Function[] = [PerformanceIndexes1763800009000];
