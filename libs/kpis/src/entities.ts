import { KpiMeasurementEntity } from './kpi-measurement.entity';
import { KpiMeasurementVersionEntity } from './kpi-measurement-version.entity';
import { KpiEntity } from './kpi.entity';
import { KpiDerivationEntity } from './kpi-derivation.entity';
import { KpiLatestMeasurementEntity } from './kpi-latest-measurement.entity';

/** Every entity of the kpis area, in the schema registry (migrations/schema.ts). */
export const KPIS_ENTITIES = [KpiEntity, KpiMeasurementEntity, KpiDerivationEntity, KpiLatestMeasurementEntity, KpiMeasurementVersionEntity];
