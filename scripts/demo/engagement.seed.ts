import type { DemoSeeder } from './seed';

/** Demo data for the engagement area. */
export const engagementSeeder: DemoSeeder | null = null;
