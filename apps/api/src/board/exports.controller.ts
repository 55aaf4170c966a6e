import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, Problem } from '@app/platform';
import { PortfolioService } from '@app/reporting';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { packWorkbook, portfolioWorkbook } from './exports/workbooks';
import { PackPrinter } from './exports/pack-printer';
import { PackBuilder } from './pack-builder';
import { parsePortfolioFilters } from './portfolio-page.controller';
import { pageContext } from './page-context';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const download = (reply: FastifyReply, type: string, filename: string): void => {
  reply.header('content-type', type).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
};

/** The board's downloads: the portfolio as Excel, the pack as Excel and as PDF. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class ExportsController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly portfolio: PortfolioService,
    private readonly packs: PackBuilder,
    private readonly printer: PackPrinter,
  ) {}

  @Get('portfolio.xlsx')
  @BoardPage('portfolio:read')
  async portfolioXlsx(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { filters, errors } = parsePortfolioFilters(query);
    if (errors.length) throw Problem.validation(errors.map((e) => ({ field: e.href.slice(1), message: e.text })));
    const view = await this.portfolio.view(actor, filters);
    const body = await portfolioWorkbook(view, request.boardBrand?.name ?? '');
    download(reply, XLSX, `portfolio-${view.period}.xlsx`);
    return body;
  }

  @Get('pack.xlsx')
  @BoardPage('portfolio:read')
  async packXlsx(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const pack = await this.packs.build(actor, query);
    if (!pack.ok) throw Problem.validation(pack.errors.map((e) => ({ field: e.href.slice(1), message: e.text })));
    const body = await packWorkbook(pack.content, request.boardBrand?.name ?? '');
    download(reply, XLSX, `board-pack-${pack.period}.xlsx`);
    return body;
  }

  @Get('pack.pdf')
  @BoardPage('portfolio:read')
  async packPdf(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const pack = await this.packs.build(actor, query);
    if (!pack.ok) throw Problem.validation(pack.errors.map((e) => ({ field: e.href.slice(1), message: e.text })));
    const html = this.renderer.render('pack.njk', {
      ...pageContext(request),
      ...pack.content,
      title: pack.title,
      takenAt: pack.takenAt,
      permalink: pack.permalink,
      section: 'pack',
      printing: true,
      inlineCss: this.printer.inlineCss(),
    });
    const body = await this.printer.print(html);
    download(reply, 'application/pdf', `board-pack-${pack.period}.pdf`);
    return body;
  }
}
