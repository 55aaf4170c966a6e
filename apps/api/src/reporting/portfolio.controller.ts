import { Controller, Get, Header, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, IsPeriod } from '@app/platform';
import { DELIVERY_CONFIDENCE } from '@app/portfolio';
import { PORTFOLIO_SORTS, PortfolioService, PortfolioSort, portfolioCsv, RatingFilter } from '@app/reporting';
import { PortfolioResponse } from './portfolio.responses';

const RATINGS = [...DELIVERY_CONFIDENCE, 'none'] as const;

/** The answer's ETag: not a version to send in If-Match, but a tag of this answer to send in If-None-Match. */
const ANSWER_ETAG = {
  description: 'identifies this answer; send it as If-None-Match to be answered 304 while nothing shown has changed. Weak (W/"…") for the period under review, whose tag follows the read model',
  required: true,
  schema: { type: 'string', example: 'W/"ev42-3q2+7w"' },
} as const;

export class PortfolioQueryDto {
  @ApiPropertyOptional({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-10', description: 'defaults to the period under review (the latest anyone reported on); an earlier period shows evidence as it stood at its end' })
  @IsOptional() @IsPeriod() period?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ enum: RATINGS, description: 'projects whose reported or evidence rating for the period is this ("none": no report for the period)' })
  @IsOptional() @IsIn(RATINGS) rating?: RatingFilter;
  @ApiPropertyOptional({ enum: RATINGS, description: 'projects whose reported rating for the period is this ("none": no report)' })
  @IsOptional() @IsIn(RATINGS) reportedRating?: RatingFilter;
  @ApiPropertyOptional({ enum: RATINGS, description: 'projects whose evidence rating is this ("none": not rated, i.e. not active)' })
  @IsOptional() @IsIn(RATINGS) evidenceRating?: RatingFilter;
  @ApiPropertyOptional({ type: 'integer', minimum: -4, maximum: 4, description: 'projects whose optimism gap is at least this many steps' })
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
  @ApiOperation({
    summary: 'Read the portfolio',
    description:
      "The board's view of a period: every programme with its projects, the reported rating beside the evidence-based one, the optimism gap, the trend, KPI counts, the year's finance and open flags, with the summary counts. Read from the evidence read model (`evidenceAsOf` says when the oldest figure was computed); an earlier `period` is recomputed as it stood at that period's end. Filters narrow the projects shown; programmes with none left are left out. Cache it: send the ETag back as If-None-Match and an unchanged portfolio is answered 304 with no body.",
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of an answer you hold: 304 when it is unchanged', schema: { type: 'string', example: 'W/"ev42-3q2+7w"' } })
  @ApiOkResponse({ description: 'programmes with their projects, in the order asked for, and the summary counts', type: PortfolioResponse, headers: { ETag: ANSWER_ETAG } })
  @ApiNotModifiedResponse({ description: 'unchanged since the ETag sent in If-None-Match; no body', headers: { ETag: ANSWER_ETAG } })
  @ApiNotFoundResponse({ description: 'no such programme (`programmeId`) in your organisation' })
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
  @ApiOperation({
    summary: 'Read the portfolio as CSV',
    description: 'The same figures as GET /v1/portfolio with the same filters and order, one row per project with its programme beside it, for a spreadsheet. Cells that a spreadsheet could run as formulas are escaped.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'one header row, then one row per project',
    content: { 'text/csv': { schema: { type: 'string' }, example: 'Period,Evidence as of,Programme code,Programme,…\r\n2026-11,2026-12-05T06:00:00.000Z,CS,Customer Services Transformation,…\r\n' } },
  })
  @ApiNotFoundResponse({ description: 'no such programme (`programmeId`) in your organisation' })
  async csv(@CurrentActor() actor: Actor, @Query() query: PortfolioQueryDto) {
    return portfolioCsv(await this.portfolio.view(actor, query));
  }
}
