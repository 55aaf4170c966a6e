import { Module } from '@nestjs/common';
import { ObjectivesService } from './objectives.service';
import { ProgrammesService } from './programmes.service';
import { ProjectsService } from './projects.service';
import { StatusReportsService } from './status-reports.service';
import { ReportReminders } from './report-reminders';

/** Objectives, programmes, projects and status reports. */
@Module({
  providers: [ObjectivesService, ProgrammesService, ProjectsService, StatusReportsService, ReportReminders],
  exports: [ObjectivesService, ProgrammesService, ProjectsService, StatusReportsService, ReportReminders],
})
export class PortfolioModule {}
