import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from '@app/platform';
import { TestContext } from '@test/support/test-app';

/** Every route declares its access; public ones are exactly health, metrics, the board's sign-in form and the emails' unsubscribe link. */
describe('route guarding', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await TestContext.start()));
  afterAll(() => ctx.close());

  it('has an access rule on every route, and no public route but health, metrics, the board sign-in and the unsubscribe link', () => {
    const routes: { route: string; rule: AccessRule | undefined }[] = [];
    for (const module of ctx.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
        if (!type) continue;
        const base = Reflect.getMetadata(PATH_METADATA, type) as string;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          const rule = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, type)) as AccessRule | undefined;
          routes.push({ route: `${Reflect.getMetadata(METHOD_METADATA, handler)} /${base}/${Reflect.getMetadata(PATH_METADATA, handler)}`, rule });
        }
      }
    }
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((r) => !r.rule).map((r) => r.route)).toEqual([]);
    const publicRoutes = routes.filter((r) => r.rule?.public).map((r) => r.route.replace(/\/+/g, '/'));
    expect(publicRoutes.sort()).toEqual(['0 /board/sign-in', '0 /board/sign-in/callback', '0 /health/live', '0 /health/ready', '0 /metrics', '0 /problems/', '0 /problems/:slug', '0 /v1/notifications/unsubscribe/', '1 /board/sign-in', '1 /v1/notifications/unsubscribe/']);
    // Session cookies authenticate board pages and nothing else; every other board route needs one.
    const normalised = routes.map((r) => ({ ...r, route: r.route.replace(/\/+/g, '/').replace(/\/$/, '') }));
    const sessionRoutes = normalised.filter((r) => r.rule && !r.rule.public && r.rule.session).map((r) => r.route);
    expect(sessionRoutes.length).toBeGreaterThanOrEqual(3);
    expect(sessionRoutes.filter((r) => !/^\d+ \/board(\/|$)/.test(r))).toEqual([]);
    expect(normalised.filter((r) => /^\d+ \/board(\/|$)/.test(r.route) && !r.rule?.public && !(r.rule && 'session' in r.rule && r.rule.session)).map((r) => r.route)).toEqual([]);
  });

  it('marks every non-public operation in the OpenAPI document as needing a bearer token', async () => {
    const doc = (await ctx.anonymous().get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { security?: unknown }>> };
    const open: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) if (!path.startsWith('/health') && path !== '/v1/notifications/unsubscribe' && !operation.security) open.push(`${method} ${path}`);
    }
    expect(open).toEqual([]);
  });
});
