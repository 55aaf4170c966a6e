import { RowLevelSecurity1763800008000 } from './1763800008000-row-level-security';
import { AuditChain1763800008100 } from './1763800008100-audit-chain';

/** Reliability and security: row-level security on every tenant table, the hash-chained audit trail. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RELIABILITY_MIGRATIONS: Function[] = [RowLevelSecurity1763800008000, AuditChain1763800008100];
