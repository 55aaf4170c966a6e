import { Kpis1763800002000 } from './1763800002000-kpis';

/** The kpis area's migrations (TypeORM orders all migrations by their timestamp). */
export const KPIS_MIGRATIONS = [Kpis1763800002000];
