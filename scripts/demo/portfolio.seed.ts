import type { DemoSeeder } from './seed';

/** Demo data for the portfolio area. */
export const portfolioSeeder: DemoSeeder | null = null;
