import { Module } from '@nestjs/common';
import { KpisModule } from '@app/kpis';
import { KpiSummaryController } from './kpi-summary.controller';
import { KpisController } from './kpis.controller';
import { KpiDerivationController } from './kpi-derivation.controller';
import { MeasurementCorrectionsController } from './measurement-corrections.controller';

@Module({ imports: [KpisModule], controllers: [KpisController, KpiSummaryController, KpiDerivationController, MeasurementCorrectionsController] })
export class KpisHttpModule {}
