export * from './entities';
export * from './engagement.module';
