export * from './spend-curve.queries';
export * from './board-pack.queries';
export * from './board-reads.service';
export * from './board-read.module';
