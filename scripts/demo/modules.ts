import { DEMO_SEEDERS } from './seed';

/** Domain modules the demo seeders need. */
export const DEMO_MODULES: unknown[] = DEMO_SEEDERS.map((s) => s.module);
