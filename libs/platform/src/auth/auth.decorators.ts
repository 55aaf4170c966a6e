import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from './actor';
import { Scope } from './scopes';

export const ACCESS_KEY = 'kpi:access';

export type AccessRule = { public: true } | { public: false; scope: Scope; session?: true };

/** Every route declares its access: a scope (with bearer auth in OpenAPI), or Public explicitly. */
export function Auth(scope: Scope): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ACCESS_KEY, { public: false, scope } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'missing, unknown, expired or revoked token' }),
    ApiForbiddenResponse({ description: `the token lacks the ${scope} scope` }),
  );
}

/** Health, docs and metrics only. A test lists every public route so none is public by accident. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessRule);

/**
 * A browser page of the board dashboard: authenticated by the board's session cookie (never a bearer
 * header), with the same scope check as the API. Kept out of the OpenAPI document: it serves HTML.
 */
export function BoardPage(scope: Scope): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ACCESS_KEY, { public: false, scope, session: true } satisfies AccessRule), ApiExcludeEndpoint());
}

/** Resolves a browser session to an actor (null: not signed in); registered by the board module. */
export interface SessionAuthenticator {
  authenticate(request: FastifyRequest): Promise<Actor | null>;
}
export const SESSION_AUTHENTICATOR = Symbol('SessionAuthenticator');

/** The authenticated caller, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);

/**
 * For batch routes: the items' ids the caller may not write and why (from the guard's one query for
 * the whole batch); empty for callers the scope alone allows.
 */
export const RefusedItems = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ReadonlyMap<string, 'not_found' | 'forbidden'> => ctx.switchToHttp().getRequest().subjectAccess?.refused ?? new Map(),
);
