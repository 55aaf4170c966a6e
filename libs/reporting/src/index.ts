export * from './trend';
export * from './portfolio-structure.queries';
export * from './portfolio-evidence.queries';
export * from './portfolio.service';
export * from './portfolio-csv';
export * from './reporting.module';
export * from './board';
