import { Module } from '@nestjs/common';
import { KpiRollup } from './kpi-rollup';
import { KpisService } from './kpis.service';
import { MeasurementsService } from './measurements.service';
import { DerivedKpisService } from './derived-kpis';
import { MeasurementCorrectionsService } from './measurement-corrections.service';

/** The kpis domain: definitions, measurements, evaluation and the roll-up. No HTTP here. */
@Module({ providers: [KpisService, MeasurementsService, MeasurementCorrectionsService, KpiRollup, DerivedKpisService], exports: [KpisService, MeasurementsService, MeasurementCorrectionsService, KpiRollup, DerivedKpisService] })
export class KpisModule {}
