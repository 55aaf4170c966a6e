export * from './board-session.entity';
export * from './board-sessions.service';
export * from './spend-curve.query';
export * from './board-pack.query';
export * from './board-reads.service';
export * from './board-read.module';
