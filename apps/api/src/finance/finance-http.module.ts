import { Module } from '@nestjs/common';
import { FinanceModule } from '@app/finance';
import { BudgetsController } from './budgets.controller';
import { FinanceSummaryController } from './finance-summary.controller';
import { ForecastsController } from './forecasts.controller';
import { SpendController } from './spend.controller';
import { SpendImportsController } from './spend-imports.controller';

@Module({ imports: [FinanceModule], controllers: [SpendImportsController, SpendController, BudgetsController, ForecastsController, FinanceSummaryController] })
export class FinanceHttpModule {}
