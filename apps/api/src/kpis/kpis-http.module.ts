import { Module } from '@nestjs/common';
import { KpisModule } from '@app/kpis';
import { KpiSummaryController } from './kpi-summary.controller';
import { KpisController } from './kpis.controller';
import { KpiDerivationController } from './kpi-derivation.controller';

@Module({ imports: [KpisModule], controllers: [KpisController, KpiSummaryController, KpiDerivationController] })
export class KpisHttpModule {}
