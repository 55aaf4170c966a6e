import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { hasScope, toProblem } from '@app/platform';
import { BoardRenderer } from './board-renderer';
import { BoardRequest, SESSION_COOKIE } from './board-session';

const HEADINGS: Record<number, string> = {
  400: 'There is a problem with the address',
  403: 'You cannot do this',
  404: 'Page not found',
  409: 'This has already changed',
};

/** Errors on board pages are pages too: sign-in for a missing session, GOV.UK-style pages for the rest. */
@Catch()
export class BoardExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('board');

  constructor(private readonly renderer: BoardRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<BoardRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body } = toProblem(error, request.id);
    if (body.status === 401) {
      const hadCookie = !!request.cookies?.[SESSION_COOKIE];
      if (hadCookie) reply.clearCookie(SESSION_COOKIE, { path: '/board' });
      void reply.status(303).header('location', hadCookie ? '/board/sign-in?expired=1' : '/board/sign-in').header('cache-control', 'no-store').send();
      return;
    }
    if (body.status >= 500) this.logger.error({ msg: 'board page failed', requestId: request.id, err: error instanceof Error ? { message: error.message, stack: error.stack } : error });
    const message =
      body.status >= 500 && body.code !== 'pdf_unavailable'
        ? 'Sorry, there is a problem with the service. Try again later.'
        : body.status === 404
          ? 'If you typed the web address, check it is correct. The page may also belong to another organisation.'
          : body.code === 'insufficient_scope'
            ? `You do not have permission to do this (it needs the ${String(body.requiredScope)} scope).`
            : String(body.detail ?? '');
    const session = request.boardSession;
    const html = this.renderer.send(
      reply,
      'error.njk',
      {
        title: HEADINGS[body.status] ?? (body.status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem'),
        heading: HEADINGS[body.status] ?? (body.status >= 500 ? 'Sorry, there is a problem with the service' : 'There is a problem'),
        message,
        requestId: body.status >= 500 ? request.id : null,
        user: session ? { name: session.actor.name, person: Boolean(session.actor.personId), canAcknowledge: hasScope(session.actor.scopes, 'governance:write') } : null,
        csrf: session?.csrf ?? null,
        brand: request.boardBrand ?? null,
      },
      body.status,
    );
    void reply.send(html);
  }
}
