import '@fastify/multipart';
import type { Multipart } from '@fastify/multipart';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Actor, BoardSessionsService, OrganisationService, Problem, ResolvedSession, SessionAuthenticator, SubjectAccess } from '@app/platform';
import { Brand, brandOf } from './brand';

export const SESSION_COOKIE = 'board_session';
export const SIGN_IN_COOKIE = 'board_sign_in';

/** `boardParts`: a multipart form's remaining parts, after the synchronizer token that must come first. */
export type BoardRequest = FastifyRequest & { actor?: Actor; boardSession?: ResolvedSession; subjectAccess?: SubjectAccess; boardBrand?: Brand; boardParts?: AsyncIterator<Multipart> };

/**
 * A multipart form (a file upload) is not parsed into the body: its first part must be the
 * `_csrf` field (the form puts it before the file), and the rest is left for the page to read.
 */
async function multipartToken(request: BoardRequest): Promise<string | undefined> {
  const parts = request.parts()[Symbol.asyncIterator]() as AsyncIterator<Multipart>;
  const first = await parts.next();
  request.boardParts = parts;
  if (first.done) return undefined;
  if (first.value.type === 'file') {
    first.value.file.resume();
    return undefined;
  }
  return first.value.fieldname === '_csrf' ? String(first.value.value) : undefined;
}

export const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The AuthGuard's way in for board pages: the session cookie, the token behind it re-checked on
 * every request, and the session's synchronizer token on every state-changing request.
 */
@Injectable()
export class BoardSessionAuthenticator implements SessionAuthenticator {
  constructor(
    private readonly sessions: BoardSessionsService,
    private readonly organisations: OrganisationService,
  ) {}

  async authenticate(request: BoardRequest): Promise<Actor | null> {
    const secret = request.cookies?.[SESSION_COOKIE];
    if (!secret) return null;
    const session = await this.sessions.resolve(secret, request.id);
    if (!session) return null;
    request.boardSession = session;
    // The header wears the organisation's name (and logo and colour, if it set them).
    request.boardBrand = brandOf(await this.organisations.get(session.actor.organisationId));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const given = request.isMultipart() ? await multipartToken(request) : (request.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof given !== 'string' || !safeEqual(given, session.csrf)) {
        throw new Problem(403, 'csrf_failed', 'This form has expired or did not come from this site. Go back, reload the page and try again.');
      }
    }
    return session.actor;
  }
}
