export * from './portfolio.enums';
export * from './objective.entity';
export * from './programme.entity';
export * from './project.entity';
export * from './status-report.entity';
export * from './entities';
