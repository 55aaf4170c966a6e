import { CanActivate, ExecutionContext, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessRule, ACCESS_KEY, SESSION_AUTHENTICATOR, SessionAuthenticator } from './auth.decorators';
import { Actor } from './actor';
import { hasScope, Scope } from './scopes';
import { TokenService } from './token.service';
import { Problem } from '../errors/problem';
import { ADMIN_ALLOWANCE_KEY, RateLimiter } from '../http/rate-limit';
import { PermissionService } from '../people/permission.service';
import { ROUTE_SUBJECTS, ROUTES_BY_REFERENCE } from '../people/route-subjects';
import { unresolvedSubjectKinds } from '../people/subject-resolvers';

/**
 * Global guard: authenticates the bearer token (or, for board pages, the session) and checks the
 * route's scope, and for people and programme-limited tokens what the route acts on. Fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate, OnApplicationBootstrap {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly limiter: RateLimiter,
    private readonly permissions: PermissionService,
    @Optional() @Inject(SESSION_AUTHENTICATOR) private readonly sessions?: SessionAuthenticator,
  ) {}

  /** Fails closed at boot: a route whose kind of subject no area registered could never be checked. */
  onApplicationBootstrap(): void {
    const missing = unresolvedSubjectKinds(Object.values(ROUTE_SUBJECTS).map((s) => s.kind));
    if (missing.length) throw new Error(`no subject resolver is registered for ${missing.join(', ')}: import the areas that own them`);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (rule?.public) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: unknown }>();
    if (rule?.session) {
      // Pages authenticate by session cookie only; with no session store registered they stay closed.
      const actor = this.sessions ? await this.sessions.authenticate(request) : null;
      if (!actor) throw new Problem(401, 'session_required', 'sign in to see this page');
      request.actor = actor;
      return this.allow(actor, rule.scope, request);
    }
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new Problem(401, 'unauthenticated', 'send Authorization: Bearer <token>', { headers: { 'www-authenticate': 'Bearer' } });
    const authenticated = await this.tokens.resolve(match[1], request.id);
    const actor = authenticated?.actor;
    if (!authenticated || !actor) throw new Problem(401, 'invalid_token', 'the token is unknown, expired or revoked', { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    request.actor = actor;
    // Counted per token once it is known to be genuine, so nobody can spend another token's allowance.
    const adminAllowance = rule?.scope === 'admin' || (hasScope(actor.scopes, 'admin') && this.reflector.get<boolean>(ADMIN_ALLOWANCE_KEY, context.getHandler()) === true);
    const policy = adminAllowance ? this.limiter.adminPolicyFor(authenticated.rateLimit) : this.limiter.policyFor(authenticated.rateLimit);
    const decision = await this.limiter.take(actor.tokenId as string, policy);
    const headers = RateLimiter.headers(decision);
    context.switchToHttp().getResponse<FastifyReply>().headers(headers);
    if (!decision.allowed) throw new Problem(429, 'rate_limited', `this token has used its ${decision.policy.requests} requests per ${decision.policy.windowSeconds} s; retry after ${decision.resetSeconds} s`, { headers });
    if (!rule) throw new Problem(403, 'route_not_declared', 'this route declares no access rule');
    return this.allow(actor, rule.scope, request);
  }

  /**
   * Tokens of the organisation: their scopes decide. People (sessions and personal tokens): what the
   * route acts on must be visible to them, and their roles or memberships must allow the scope there.
   */
  private async allow(actor: Actor, scope: Scope, request: FastifyRequest & { subjectAccess?: unknown }): Promise<boolean> {
    if (!actor.personId && !actor.programmeIds) {
      if (!hasScope(actor.scopes, scope)) throw new Problem(403, 'insufficient_scope', `this needs the ${scope} scope`, { requiredScope: scope });
      return true;
    }
    const route = `${request.method} ${request.routeOptions.url}`;
    const subject = ROUTE_SUBJECTS[route];
    // A token limited to some programmes may read lists (they show only those programmes) and upsert by
    // reference within them (row-level security limits what the service finds) but change nothing organisation-wide.
    if (actor.programmeIds && !subject && !ROUTES_BY_REFERENCE.has(route) && request.method !== 'GET' && hasScope(actor.scopes, scope)) {
      throw new Problem(403, 'limited_to_programmes', 'this token is limited to some programmes and cannot make organisation-wide changes');
    }
    request.subjectAccess = await this.permissions.check(actor, scope, subject, request);
    return true;
  }
}
