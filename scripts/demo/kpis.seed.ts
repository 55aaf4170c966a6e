import type { DemoSeeder } from './seed';

/** Demo data for the kpis area. */
export const kpisSeeder: DemoSeeder | null = null;
