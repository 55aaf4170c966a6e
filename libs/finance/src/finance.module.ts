import { Module } from '@nestjs/common';
import { BudgetsService } from './budgets.service';
import { FinanceSummaryService } from './finance-summary.service';
import { ForecastsService } from './forecasts.service';
import { SpendLedgerService } from './spend-ledger.service';
import { SpendReadsService } from './spend-reads.service';
import { SpendImportRunner } from './spend-import.runner';
import { SpendImportsService } from './spend-imports.service';
import { SpendUploadDraftsService } from './spend-upload-drafts.service';
import { SpendImportUndoRunner } from './spend-import-undo.runner';
import { CommitmentsService } from './commitments.service';
import { SpendSplitMappingsService } from './spend-split-mappings.service';
import { SuppliersService } from './suppliers.service';
import { WholeLifeCostService } from './whole-life-cost.service';
import { SpendPartitionsService } from './spend-partitions.service';

const SERVICES = [SpendLedgerService, SpendReadsService, BudgetsService, ForecastsService, FinanceSummaryService, SpendImportsService, SpendImportRunner, SpendImportUndoRunner,
  SuppliersService, CommitmentsService, WholeLifeCostService, SpendSplitMappingsService, SpendUploadDraftsService, SpendPartitionsService];

/** The finance domain: services and queries. No HTTP here. */
@Module({ providers: SERVICES, exports: SERVICES })
export class FinanceModule {}
