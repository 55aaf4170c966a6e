import { Kpis1763800002000 } from './1763800002000-kpis';
import { DerivedKpis1763800005100 } from './1763800005100-derived-kpis';
import { KpiLatestMeasurements1763800009100 } from './1763800009100-kpi-latest-measurements';
import { MeasurementCorrections1763800022000 } from './1763800022000-measurement-corrections';
import { KpiExternalRefs1763800028000 } from './1763800028000-kpi-external-refs';
import { LatestMeasurementDates1763800030250 } from './1763800030250-latest-measurement-dates';

/** The kpis area's migrations (TypeORM orders all migrations by their timestamp). */
export const KPIS_MIGRATIONS = [Kpis1763800002000, DerivedKpis1763800005100, KpiLatestMeasurements1763800009100, MeasurementCorrections1763800022000, KpiExternalRefs1763800028000, LatestMeasurementDates1763800030250];
