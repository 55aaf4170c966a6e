export * from './delivery.enums';
export * from './milestone.entity';
export * from './milestone-rebaseline.entity';
export * from './benefit.entity';
export * from './benefit-kpi.entity';
export * from './benefit-profile-year.entity';
export * from './benefit-realisation.entity';
export * from './entities';
