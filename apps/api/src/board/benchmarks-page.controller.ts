import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor } from '@app/platform';
import { BenchmarksService } from '@app/benchmarks';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';

/** How we compare: the organisation's own figures beside the anonymous benchmarks. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class BenchmarksPageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly benchmarks: BenchmarksService,
  ) {}

  @Get('benchmarks')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const benchmarks = await this.benchmarks.view(actor);
    return this.renderer.send(reply, 'benchmarks.njk', { ...pageContext(request), title: 'How we compare', section: 'benchmarks', benchmarks });
  }
}
