import { Finance1763800003000 } from './1763800003000-finance';
import { FinanceSetBasedReferences1763800003100 } from './1763800003100-finance-set-based-references';

/** The finance area's migrations (TypeORM orders all migrations by their timestamp). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const FINANCE_MIGRATIONS: Function[] = [Finance1763800003000, FinanceSetBasedReferences1763800003100];
