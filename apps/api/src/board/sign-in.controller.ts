import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { AppConfig, BoardPage, BoardSessionsService, CALLBACK_PATH, hasScope, IdentityProviderService, OidcSignInService, Problem, Public, SESSION_LIFETIME_HOURS, SignInRefused, TokenService } from '@app/platform';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardRequest, safeEqual, SESSION_COOKIE, SIGN_IN_COOKIE } from './board-session';

const COOKIE = { httpOnly: true, secure: true, sameSite: 'strict' as const };
/** The sign-in in flight. Lax, because the provider sends the browser back with a cross-site GET. */
export const ATTEMPT_COOKIE = 'board_oidc';
const ATTEMPT = { httpOnly: true, secure: true, sameSite: 'lax' as const, path: CALLBACK_PATH, maxAge: 600 };

const REFUSALS: Record<SignInRefused['reason'], { status: number; text: string }> = {
  failed: { status: 401, text: 'Sign-in did not complete. Start again; if it keeps happening, tell your administrator.' },
  not_allowed: { status: 403, text: 'Your account has not been invited to this organisation. Ask an administrator to invite you.' },
  deactivated: { status: 403, text: 'Your access to this organisation has been removed. Ask an administrator if you need it back.' },
  no_email: { status: 403, text: 'Your identity provider did not share a verified email address, so we cannot tell who you are.' },
};

/**
 * Sign-in through the organisation's OpenID Connect provider; the browser then holds only a random
 * session id. Pasting an API token stays available behind BOARD_TOKEN_SIGN_IN, for development.
 */
@ApiExcludeController()
@UseFilters(BoardExceptionFilter)
@Controller('board')
export class SignInController {
  constructor(
    private readonly renderer: BoardRenderer,
    private readonly tokens: TokenService,
    private readonly sessions: BoardSessionsService,
    private readonly providers: IdentityProviderService,
    private readonly oidc: OidcSignInService,
    private readonly config: AppConfig,
  ) {}

  private form(reply: FastifyReply, extra: Record<string, unknown>, status = 200): string {
    // Login CSRF: a double-submit value, since there is no session to hold a synchronizer token yet.
    const signInCsrf = randomBytes(24).toString('base64url');
    reply.setCookie(SIGN_IN_COOKIE, signInCsrf, { ...COOKIE, path: '/board/sign-in', maxAge: 3600 });
    const html = this.renderer.send(reply, 'sign-in.njk', { title: 'Sign in', signInCsrf, lifetimeHours: SESSION_LIFETIME_HOURS, tokenSignIn: this.config.boardTokenSignIn, ...extra }, status);
    // The form's answer redirects to the organisation's provider, which form-action must allow.
    const providers = this.config.nodeEnv === 'production' ? 'https:' : 'https: http://127.0.0.1:* http://localhost:*';
    reply.header('content-security-policy', String(reply.getHeader('content-security-policy')).replace(`form-action 'self'`, `form-action 'self' ${providers}`));
    return html;
  }

  @Get('sign-in')
  @Public()
  async show(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const slug = typeof query.organisation === 'string' ? query.organisation : undefined;
    const organisation = slug ? await this.providers.findForSignIn({ slug }) : null;
    return this.form(reply, { signedOut: query.signedOut === '1', expired: query.expired === '1', organisation: organisation ? { slug: organisation.slug, name: organisation.organisationName } : null });
  }

  @Post('sign-in')
  @Public()
  async signIn(@Req() request: BoardRequest, @Body() body: Record<string, unknown> | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const expected = request.cookies?.[SIGN_IN_COOKIE];
    const given = body?._csrf;
    if (!expected || typeof given !== 'string' || !safeEqual(given, expected)) {
      throw new Problem(403, 'csrf_failed', 'This form has expired or did not come from this site. Go back, reload the page and try again.');
    }
    if (typeof body?.token === 'string') return this.signInWithToken(request, body.token.trim(), reply);
    const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
    const slug = typeof body?.organisation === 'string' && body.organisation ? body.organisation : undefined;
    const fail = (text: string, status: number) => this.form(reply, { emailError: text, email, errors: [{ text, href: '#email' }] }, status);
    if (!slug && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail('Enter your work email address, like name@example.gov.uk', 400);
    const provider = await this.providers.findForSignIn(slug ? { slug } : { domain: email.split('@')[1] });
    if (!provider) return fail('We could not find an organisation that signs in with this email address. Check it, or ask your administrator.', 400);
    const started = await this.oidc.start(provider, email || undefined).catch((error: Error) => {
      throw new Problem(503, 'identity_provider_unavailable', `Your organisation's sign-in service could not be reached. Try again later. (${error.message})`);
    });
    reply.setCookie(ATTEMPT_COOKIE, started.attempt, ATTEMPT);
    reply.clearCookie(SIGN_IN_COOKIE, { path: '/board/sign-in' });
    reply.status(303).header('location', started.url).header('cache-control', 'no-store');
    return '';
  }

  /** Where the provider sends the browser back: the code is exchanged and checked, the session opened. */
  @Get('sign-in/callback')
  @Public()
  async callback(@Req() request: BoardRequest, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.clearCookie(ATTEMPT_COOKIE, { path: CALLBACK_PATH });
    const refuse = (reason: SignInRefused['reason']) => this.form(reply, { errors: [{ text: REFUSALS[reason].text }], refused: REFUSALS[reason].text }, REFUSALS[reason].status);
    if (typeof query.error === 'string') return refuse('failed');
    let actor;
    try {
      actor = await this.oidc.finish(request.cookies?.[ATTEMPT_COOKIE], request.url, request.id);
    } catch (error) {
      if (error instanceof SignInRefused) return refuse(error.reason);
      throw error;
    }
    const session = await this.sessions.create(actor);
    reply.setCookie(SESSION_COOKIE, session.secret, { ...COOKIE, path: '/board', expires: session.expiresAt });
    // A page, not a redirect: after a cross-site hop from the provider a browser withholds
    // SameSite=Strict cookies for the rest of that redirect chain, so /board is opened from here.
    return this.renderer.send(reply, 'signed-in.njk', { title: 'Signed in', name: actor.name });
  }

  /** Development only (BOARD_TOKEN_SIGN_IN): a pasted API token opens a session it never outlives. */
  private async signInWithToken(request: BoardRequest, token: string, reply: FastifyReply): Promise<string> {
    if (!this.config.boardTokenSignIn) throw new Problem(404, 'not_found', 'signing in with a token is switched off');
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
