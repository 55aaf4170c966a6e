import { Module } from '@nestjs/common';
import { PortfolioModule } from '@app/portfolio';
import { ObjectivesController } from './objectives.controller';
import { ProgrammesController } from './programmes.controller';
import { ProjectsController } from './projects.controller';
import { StatusReportsController } from './status-reports.controller';

@Module({ imports: [PortfolioModule], controllers: [ObjectivesController, ProgrammesController, ProjectsController, StatusReportsController] })
export class PortfolioHttpModule {}
