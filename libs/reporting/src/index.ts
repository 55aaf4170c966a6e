export * from './trend';
export * from './portfolio-structure.query';
export * from './portfolio-evidence.query';
export * from './portfolio.service';
export * from './portfolio-csv';
export * from './reporting.module';
export * from './board';
