import { Controller, Get, Header, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, IsPeriod } from '@app/platform';
import { DELIVERY_CONFIDENCE } from '@app/portfolio';
import { PORTFOLIO_SORTS, PortfolioService, PortfolioSort, portfolioCsv, RatingFilter } from '@app/reporting';

const RATINGS = [...DELIVERY_CONFIDENCE, 'none'] as const;

export class PortfolioQueryDto {
  @ApiPropertyOptional({ example: '2026-10', description: 'defaults to the period under review (the latest anyone reported on); an earlier period shows evidence as it stood at its end' })
  @IsOptional() @IsPeriod() period?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ enum: RATINGS, description: 'projects whose reported or evidence rating for the period is this ("none": no report for the period)' })
  @IsOptional() @IsIn(RATINGS) rating?: RatingFilter;
  @ApiPropertyOptional({ enum: RATINGS, description: 'projects whose reported rating for the period is this ("none": no report)' })
  @IsOptional() @IsIn(RATINGS) reportedRating?: RatingFilter;
  @ApiPropertyOptional({ enum: RATINGS, description: 'projects whose evidence rating is this ("none": not rated, i.e. not active)' })
  @IsOptional() @IsIn(RATINGS) evidenceRating?: RatingFilter;
  @ApiPropertyOptional({ minimum: -4, maximum: 4, description: 'projects whose optimism gap is at least this many steps' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value)) @IsInt() @Min(-4) @Max(4) minGap?: number;
  @ApiPropertyOptional({ type: Boolean, description: 'true: only projects with open critical flags' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() criticalFlags?: boolean;
  @ApiPropertyOptional({ enum: PORTFOLIO_SORTS, description: 'worst first (highest rating step, largest gap, most critical flags), then by code; programmes too' })
  @IsOptional() @IsIn(PORTFOLIO_SORTS) sort?: PortfolioSort;
}

@ApiTags('reporting')
@Controller('v1')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('portfolio')
  @Auth('portfolio:read')
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of an answer you hold: 304 when it is unchanged' })
  @ApiOkResponse({ description: 'programmes with their projects from the evidence read model: reported and evidence-based ratings, optimism gap, trend, KPI counts, finance, open flags, with `evidenceAsOf` and the board summary counts' })
  @ApiResponse({ status: 304, description: 'unchanged since the ETag given' })
  async view(@CurrentActor() actor: Actor, @Query() query: PortfolioQueryDto, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply) {
    const { etag, body } = await this.portfolio.json(actor, query, ifNoneMatch);
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (body === null) return reply.status(304).send();
    return reply.status(200).type('application/json; charset=utf-8').send(body);
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
