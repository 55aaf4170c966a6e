import { Module } from '@nestjs/common';
import { PortfolioService } from './portfolio.service';

/** The board's read models over every area: the portfolio view and its exports. */
@Module({ providers: [PortfolioService], exports: [PortfolioService] })
export class ReportingModule {}
