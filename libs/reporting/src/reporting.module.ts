import { Module } from '@nestjs/common';
import { GovernanceModule } from '@app/governance';
import { PortfolioService } from './portfolio.service';

/** The board's read models over every area: the portfolio view and its exports. */
@Module({ imports: [GovernanceModule], providers: [PortfolioService], exports: [PortfolioService] })
export class ReportingModule {}
