import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Actor } from './actor';
import { Scope } from './scopes';

export const ACCESS_KEY = 'kpi:access';

export type AccessRule = { public: true } | { public: false; scope: Scope };

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

/** The authenticated caller, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);
