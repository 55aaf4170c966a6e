import 'reflect-metadata';
import { runStandalone } from './harness/standalone';
import { scanLine } from './lines/scan';

/**
 * npm run bench:scan: the governance scan alone, over the scale database, by the real worker,
 * beside the same rule queries run bare in the same run (see npm run bench for everything).
 */
runStandalone('scan', async (ctx) => [await scanLine(ctx)]);
