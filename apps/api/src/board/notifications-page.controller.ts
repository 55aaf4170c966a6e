import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, BoardPage, CurrentActor } from '@app/platform';
import { DELIVERY_MODES, DeliveryMode, NotificationPreferencesService } from '@app/notifications';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest } from './board-session';
import { pageContext } from './page-context';

/** A person's email choices, one per kind: the page every email links to. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class NotificationsPageController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  @Get('notifications')
  @BoardPage('portfolio:read')
  async page(@CurrentActor() actor: Actor, @Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const preferences = actor.personId ? await this.preferences.list(actor) : null;
    return this.renderer.send(reply, 'notifications.njk', { ...pageContext(request), title: 'Email notifications', section: 'notifications', preferences, saved: query.saved === '1' });
  }

  @Post('notifications')
  @BoardPage('portfolio:read')
  async save(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown> | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const current = await this.preferences.list(actor);
    // Only kinds whose choice changed are written (and audited); anything else in the form is ignored.
    for (const p of current) {
      const chosen = body?.[p.kind];
      if (typeof chosen === 'string' && (DELIVERY_MODES as readonly string[]).includes(chosen) && chosen !== p.mode) await this.preferences.set(actor, p.kind, chosen as DeliveryMode);
    }
    reply.status(303).header('location', '/board/notifications?saved=1').header('cache-control', 'no-store');
    return '';
  }
}
