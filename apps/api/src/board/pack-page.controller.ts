import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor } from '@app/platform';
import { periodLabel } from './board-format';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { PackBuilder } from './pack-builder';
import { recentPeriods } from './portfolio-page.controller';
import { pageContext } from './page-context';

/**
 * The board pack: one printable page per programme for a period, with its PDF and Excel exports.
 * The reported part is built from the stored status reports as submitted by a cut-off; the evidence
 * comes from the same read model as every page. What the pack showed is stored when it is produced,
 * and its permanent link shows exactly that again (`?snapshot=`); `?submittedBy=` rebuilds the
 * reports as of a cut-off.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class PackPageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly packs: PackBuilder,
  ) {}

  @Get('pack')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const base = { ...pageContext(request), title: 'Board pack', section: 'pack', periods: recentPeriods().map((p) => ({ value: p, text: periodLabel(p) })) };
    const pack = await this.packs.build(actor, query);
    if (!pack.ok) return this.renderer.send(reply, 'pack.njk', { ...base, errors: pack.errors, period: pack.period }, 400);
    return this.renderer.send(reply, 'pack.njk', { ...base, ...pack.content, title: pack.title, takenAt: pack.takenAt, permalink: pack.permalink, exports: exportLinks(pack.snapshotId) });
  }
}

/** The exports of one stored pack: exactly what the page shows. */
export const exportLinks = (snapshotId: string) => ({ pdf: `/board/pack.pdf?snapshot=${snapshotId}`, xlsx: `/board/pack.xlsx?snapshot=${snapshotId}` });
