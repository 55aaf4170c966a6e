export * from './entities';
export * from './kpis.module';
