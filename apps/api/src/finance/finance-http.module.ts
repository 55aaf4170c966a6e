import { Module } from '@nestjs/common';
import { FinanceModule } from '@app/finance';
import { BudgetsController } from './budgets.controller';
import { FinanceSummaryController } from './finance-summary.controller';
import { ForecastsController } from './forecasts.controller';
import { SpendController } from './spend.controller';
import { SpendImportsController } from './spend-imports.controller';
import { CommitmentsController } from './commitments.controller';
import { ProjectFinanceController } from './project-finance.controller';
import { SplitMappingsController } from './split-mappings.controller';
import { SuppliersController } from './suppliers.controller';

@Module({ imports: [FinanceModule], controllers: [SplitMappingsController, SpendImportsController, SpendController, SuppliersController, CommitmentsController, ProjectFinanceController, BudgetsController, ForecastsController, FinanceSummaryController] })
export class FinanceHttpModule {}
