import { Finance1763800003000 } from './1763800003000-finance';
import { FinanceSetBasedReferences1763800003100 } from './1763800003100-finance-set-based-references';
import { LedgerIntegrity1763800009350 } from './1763800009350-ledger-integrity';
import { LedgerIntegrityIndexes1763800009360 } from './1763800009360-ledger-integrity-indexes';
import { FinanceLedgerPractice1763800017000 } from './1763800017000-finance-ledger-practice';
import { SpendUploadDrafts1763800026100 } from './1763800026100-spend-upload-drafts';
import { OutsideExpertiseIndex1763800029000 } from './1763800029000-outside-expertise-index';
import { SpendPartitions1763800030000 } from './1763800030000-spend-partitions';
import { SpendReferencesOnePass1763800030500 } from './1763800030500-spend-references-one-pass';

/** The finance area's migrations (TypeORM orders all migrations by their timestamp). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const FINANCE_MIGRATIONS: Function[] = [Finance1763800003000, FinanceSetBasedReferences1763800003100, LedgerIntegrity1763800009350, LedgerIntegrityIndexes1763800009360, FinanceLedgerPractice1763800017000, SpendUploadDrafts1763800026100, OutsideExpertiseIndex1763800029000, SpendPartitions1763800030000, SpendReferencesOnePass1763800030500];
