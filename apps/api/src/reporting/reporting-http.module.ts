import { Module } from '@nestjs/common';
import { ReportingModule } from '@app/reporting';
import { PortfolioController } from './portfolio.controller';

@Module({ imports: [ReportingModule], controllers: [PortfolioController] })
export class ReportingHttpModule {}
