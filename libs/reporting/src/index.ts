export * from './trend';
export * from './portfolio-read.queries';
export * from './portfolio.service';
export * from './portfolio-csv';
export * from './reporting.module';
export * from './board';
export * from './entities';
export * from './board/evidence-snapshot.entity';
