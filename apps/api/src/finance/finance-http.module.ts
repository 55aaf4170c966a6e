import { Module } from '@nestjs/common';
import { FinanceModule } from '@app/finance';

@Module({ imports: [FinanceModule], controllers: [] })
export class FinanceHttpModule {}
