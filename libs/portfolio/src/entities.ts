import { ObjectiveEntity } from './objective.entity';
import { ProgrammeEntity } from './programme.entity';
import { ProjectEntity } from './project.entity';
import { StatusReportEntity } from './status-report.entity';

export const PORTFOLIO_ENTITIES = [ObjectiveEntity, ProgrammeEntity, ProjectEntity, StatusReportEntity];
