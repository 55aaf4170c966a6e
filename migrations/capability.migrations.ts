import { ConsultancyCostType1763800023000 } from './1763800023000-consultancy-cost-type';
import { Capability1763800023100 } from './1763800023100-capability';
import { Benchmarks1763800023200 } from './1763800023200-benchmarks';

/**
 * The capability and benchmarks areas' migrations, with the ledger's consultancy cost type they rely on (outside
 * expertise = contractors + consultancy). TypeORM orders all migrations by their timestamp.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const CAPABILITY_MIGRATIONS: Function[] = [ConsultancyCostType1763800023000, Capability1763800023100, Benchmarks1763800023200];
