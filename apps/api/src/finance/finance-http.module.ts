import { Module } from '@nestjs/common';
import { FinanceModule } from '@app/finance';
import { SpendController } from './spend.controller';

@Module({ imports: [FinanceModule], controllers: [SpendController] })
export class FinanceHttpModule {}
