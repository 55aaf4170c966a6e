import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor, ParseIdPipe } from '@app/platform';
import { ObjectiveDeliveryService } from '@app/delivery';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';

/** A strategic objective: its programmes, benefits planned against realised, and KPIs. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class ObjectivePageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly objectives: ObjectiveDeliveryService,
  ) {}

  @Get('objectives/:id')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Param('id', new ParseIdPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const view = await this.objectives.view(actor, id);
    return this.renderer.send(reply, 'objective.njk', { ...pageContext(request), title: `${view.objective.code} ${view.objective.title}`, section: 'portfolio', view });
  }
}
