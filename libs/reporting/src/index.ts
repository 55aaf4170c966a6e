export * from './trend';
export * from './portfolio-read.query';
export * from './portfolio.service';
export * from './portfolio-csv';
export * from './reporting.module';
export * from './board';
