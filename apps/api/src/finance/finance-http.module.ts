import { Module } from '@nestjs/common';
import { FinanceModule } from '@app/finance';
import { BudgetsController } from './budgets.controller';
import { FinanceSummaryController } from './finance-summary.controller';
import { ForecastsController } from './forecasts.controller';
import { SpendController } from './spend.controller';

@Module({ imports: [FinanceModule], controllers: [SpendController, BudgetsController, ForecastsController, FinanceSummaryController] })
export class FinanceHttpModule {}
