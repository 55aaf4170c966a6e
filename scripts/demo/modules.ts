/** Domain modules the demo seeders need (added by each area). */
export const DEMO_MODULES: unknown[] = [];
