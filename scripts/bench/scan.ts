import 'reflect-metadata';
import { runOneLine } from './harness/one-line';
import { scanLine } from './lines/scan';

/**
 * npm run bench:scan: the governance scan alone, over the scale database, by the real worker,
 * beside the same rule queries run bare in the same run (see npm run bench for everything).
 */
runOneLine('scan', scanLine);
