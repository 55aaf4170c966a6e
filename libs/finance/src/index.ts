export * from './entities';
export * from './finance.module';
