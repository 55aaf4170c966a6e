export * from './entities';
export * from './integrations.module';
