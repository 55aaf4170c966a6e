import { PerformanceIndexes1763800009000 } from './1763800009000-performance-indexes';
import { PoolerSafeSettings1763800009400 } from './1763800009400-pooler-safe-settings';

/** Indexes and storage settings that the scale benchmark showed were needed (docs/SCALING.md). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PERFORMANCE_MIGRATIONS: Function[] = [PerformanceIndexes1763800009000, PoolerSafeSettings1763800009400];
