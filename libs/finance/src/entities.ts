import { BudgetChangeEntity } from './budget-change.entity';
import { BudgetEntity } from './budget.entity';
import { CommitmentEntity } from './commitment.entity';
import { ForecastEntity } from './forecast.entity';
import { SpendEntryEntity } from './spend-entry.entity';
import { SpendExternalIdEntity } from './spend-external-id.entity';
import { SpendFingerprintEntity } from './spend-fingerprint.entity';
import { SpendImportChunkEntity } from './spend-import-chunk.entity';
import { SpendImportIssueEntity } from './spend-import-issue.entity';
import { SpendImportEntity } from './spend-import.entity';
import { SpendSplitMappingEntity } from './spend-split-mapping.entity';
import { SpendTotalEntity } from './spend-total.entity';
import { SpendUploadDraftEntity } from './spend-upload-draft.entity';
import { SupplierEntity } from './supplier.entity';
import { WholeLifeCostEntity } from './whole-life-cost.entity';

/** Every entity of the finance area, in the schema registry (migrations/schema.ts). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const FINANCE_ENTITIES: Function[] = [BudgetEntity, SpendImportEntity, SpendImportChunkEntity, SpendEntryEntity, SpendTotalEntity, ForecastEntity, SpendFingerprintEntity, SpendImportIssueEntity,
  SupplierEntity, BudgetChangeEntity, CommitmentEntity, WholeLifeCostEntity, SpendSplitMappingEntity, SpendUploadDraftEntity, SpendExternalIdEntity];
