import { Module } from '@nestjs/common';
import { GovernanceModule } from '@app/governance';
import { MajorProjectsReturnService } from './major-projects-return.service';
import { PortfolioService } from './portfolio.service';

/** The board's read models over every area: the portfolio view, its exports and the major-projects return. */
@Module({ imports: [GovernanceModule], providers: [PortfolioService, MajorProjectsReturnService], exports: [PortfolioService, MajorProjectsReturnService] })
export class ReportingModule {}
