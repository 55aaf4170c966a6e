import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BoardPage } from '@app/platform';
import { BoardExceptionFilter } from './board-exception.filter';
import { brandCss } from './brand';
import { BoardRequest } from './board-session';

/** The organisation's colour on the header, as a stylesheet (the pages allow no inline styles). */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class BrandController {
  @Get('brand.css')
  @BoardPage('portfolio:read')
  css(@Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'private, no-cache');
    return brandCss(request.boardBrand ?? null);
  }
}
