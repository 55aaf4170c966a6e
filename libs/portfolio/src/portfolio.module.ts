import { Module } from '@nestjs/common';
import { ObjectivesService } from './objectives.service';
import { ProgrammesService } from './programmes.service';
import { ProjectsService } from './projects.service';
import { StatusReportsService } from './status-reports.service';

/** Objectives, programmes, projects and status reports. */
@Module({
  providers: [ObjectivesService, ProgrammesService, ProjectsService, StatusReportsService],
  exports: [ObjectivesService, ProgrammesService, ProjectsService, StatusReportsService],
})
export class PortfolioModule {}
