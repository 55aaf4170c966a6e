import { Module } from '@nestjs/common';
import { KpisModule } from '@app/kpis';
import { KpiSummaryController } from './kpi-summary.controller';
import { KpisController } from './kpis.controller';

@Module({ imports: [KpisModule], controllers: [KpisController, KpiSummaryController] })
export class KpisHttpModule {}
