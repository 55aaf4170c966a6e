export * from './benchmark-participant.entity';
export * from './benchmark-run.entity';
export * from './benchmark-figure.entity';
export * from './entities';
export * from './benchmark.queries';
export * from './benchmark.views';
export * from './benchmarks.service';
export * from './benchmarks.module';
