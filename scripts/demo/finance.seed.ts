import type { DemoSeeder } from './seed';

/** Demo data for the finance area. */
export const financeSeeder: DemoSeeder | null = null;
