import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { BoardPage, hasScope, Problem, Public, TokenService } from '@app/platform';
import { BoardSessionsService, SESSION_LIFETIME_HOURS } from '@app/reporting';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest, safeEqual, SESSION_COOKIE, SIGN_IN_COOKIE } from './board-session';

const COOKIE = { httpOnly: true, secure: true, sameSite: 'strict' as const };

/** Sign-in by pasting a token once; the browser then holds only a random session id. */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class SignInController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly tokens: TokenService,
    private readonly sessions: BoardSessionsService,
  ) {}

  private form(reply: FastifyReply, extra: Record<string, unknown>, status = 200): string {
    // Login CSRF: a double-submit value, since there is no session to hold a synchronizer token yet.
    const signInCsrf = randomBytes(24).toString('base64url');
    reply.setCookie(SIGN_IN_COOKIE, signInCsrf, { ...COOKIE, path: '/board/sign-in', maxAge: 3600 });
    return this.renderer.send(reply, 'sign-in.njk', { title: 'Sign in', signInCsrf, lifetimeHours: SESSION_LIFETIME_HOURS, ...extra }, status);
  }

  @Get('sign-in')
  @Public()
  show(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): string {
    return this.form(reply, { signedOut: query.signedOut === '1', expired: query.expired === '1' });
  }

  @Post('sign-in')
  @Public()
  async signIn(@Req() request: BoardRequest, @Body() body: Record<string, unknown> | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const expected = request.cookies?.[SIGN_IN_COOKIE];
    const given = body?._csrf;
    if (!expected || typeof given !== 'string' || !safeEqual(given, expected)) {
      throw new Problem(403, 'csrf_failed', 'This form has expired or did not come from this site. Go back, reload the page and try again.');
    }
    const token = typeof body?.token === 'string' ? body.token.trim() : '';
    const fail = (text: string, status: number) => this.form(reply, { title: 'Sign in', tokenError: text, errors: [{ text, href: '#token' }] }, status);
    if (!token) return fail('Enter your API token', 400);
    const actor = await this.tokens.authenticate(token, request.id);
    if (!actor) return fail('The token was not recognised, or it has expired or been revoked', 401);
    if (!hasScope(actor.scopes, 'portfolio:read')) return fail('This token cannot read the portfolio: it needs the portfolio:read scope', 403);
    const session = await this.sessions.create(actor);
    reply.setCookie(SESSION_COOKIE, session.secret, { ...COOKIE, path: '/board', expires: session.expiresAt });
    reply.clearCookie(SIGN_IN_COOKIE, { path: '/board/sign-in' });
    reply.status(303).header('location', '/board').header('cache-control', 'no-store');
    return '';
  }

  @Post('sign-out')
  @BoardPage('portfolio:read')
  async signOut(@Req() request: BoardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (request.boardSession) await this.sessions.end(request.boardSession);
    reply.clearCookie(SESSION_COOKIE, { path: '/board' });
    reply.status(303).header('location', '/board/sign-in?signedOut=1').header('cache-control', 'no-store');
    return '';
  }
}
