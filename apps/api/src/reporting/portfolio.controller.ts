import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Actor, Auth, CurrentActor, IsPeriod } from '@app/platform';
import { DELIVERY_CONFIDENCE } from '@app/portfolio';
import { PortfolioService, portfolioCsv, RatingFilter } from '@app/reporting';

const RATINGS = [...DELIVERY_CONFIDENCE, 'none'] as const;

export class PortfolioQueryDto {
  @ApiPropertyOptional({ example: '2026-10', description: 'defaults to the latest period anyone reported on' }) @IsOptional() @IsPeriod() period?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ enum: RATINGS, description: 'projects whose reported rating for the period is this ("none": no report)' })
  @IsOptional() @IsIn(RATINGS) rating?: RatingFilter;
}

@ApiTags('reporting')
@Controller('v1')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('portfolio')
  @Auth('portfolio:read')
  @ApiOkResponse({ description: 'programmes with their projects: reported and evidence-based ratings, trend, KPI counts, finance, open flags. Evidence is as of today for the current and last closed period, and as of the last day of older periods (`asOf`).' })
  view(@CurrentActor() actor: Actor, @Query() query: PortfolioQueryDto) {
    return this.portfolio.view(actor, query);
  }

  @Get('portfolio.csv')
  @Auth('portfolio:read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="portfolio.csv"')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'the same as CSV, one row per project; cells that could run as formulas are escaped' })
  async csv(@CurrentActor() actor: Actor, @Query() query: PortfolioQueryDto) {
    return portfolioCsv(await this.portfolio.view(actor, query));
  }
}
