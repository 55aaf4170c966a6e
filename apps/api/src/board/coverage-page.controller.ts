import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor } from '@app/platform';
import { CoverageService } from '@app/governance';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';

/** Governance coverage: for each rule, the share of projects (or programmes) passing, per programme. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class CoveragePageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly coverage: CoverageService,
  ) {}

  @Get('coverage')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const coverage = await this.coverage.coverage(actor);
    const rows = coverage.organisation.rules.map((rule, index) => ({
      rule,
      programmes: coverage.programmes.map((g) => g.rules[index]),
    }));
    return this.renderer.send(reply, 'coverage.njk', { ...pageContext(request), title: 'Governance coverage', section: 'coverage', coverage, rows });
  }
}
