import request from 'supertest';
import { IdentityProviderService, systemActor } from '@app/platform';
import { LocalIdentityProvider, ProviderAccount, startIdentityProvider } from '../../scripts/demo/identity-provider';
import type { TestContext, TestOrg } from './test-app';

export const TEST_CLIENT = { clientId: 'board-test', clientSecret: 'board-test-secret' };
export const TEST_DOMAIN = 'people-council.gov.uk';

/** A real local OpenID provider on a free port, registered for the test api's redirect URI. */
export async function startTestIdentityProvider(ctx: TestContext, accounts: ProviderAccount[], extraClients: { clientId: string; clientSecret: string }[] = []): Promise<LocalIdentityProvider> {
  const redirect = `${ctx.config.publicUrl}/board/sign-in/callback`;
  return startIdentityProvider({ accounts, clients: [TEST_CLIENT, ...extraClients].map((c) => ({ ...c, redirectUris: [redirect] })) });
}

/** Points the organisation at the provider, as an admin would through PUT /v1/organisation/identity-provider. */
export async function useIdentityProvider(ctx: TestContext, org: TestOrg, idp: LocalIdentityProvider, options: { allowedDomains?: string[]; clientId?: string; clientSecret?: string } = {}): Promise<void> {
  const service = ctx.app.get(IdentityProviderService);
  const actor = systemActor(org.id, 'test');
  const current = await service.get(actor).catch(() => null);
  await service.put(actor, current?.version ?? null, {
    issuer: idp.issuer,
    clientId: options.clientId ?? TEST_CLIENT.clientId,
    clientSecret: options.clientSecret ?? TEST_CLIENT.clientSecret,
    allowedDomains: options.allowedDomains ?? [],
  });
}

/** A browser's cookie jar for the provider's origin (name=value; paths and expiry do not matter here). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface ProviderRedirect {
  /** The callback's path and query, as the browser would request it from the api. */
  callback: string;
  code: string;
  state: string;
}

/** Plays the browser at the provider: follows the authorisation URL, picks the account, returns where it sends us back. */
export async function loginAtProvider(authorisationUrl: string, subject: string): Promise<ProviderRedirect> {
  const jar = new Jar();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie: jar.header() } });
    jar.take(response);
    return response;
  };
  let response = await go(authorisationUrl);
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, authorisationUrl);
      if (next.pathname === '/board/sign-in/callback') {
        return { callback: `${next.pathname}${next.search}`, code: next.searchParams.get('code') ?? '', state: next.searchParams.get('state') ?? '' };
      }
      response = await go(next.href);
      continue;
    }
    const html = await response.text();
    const form = /action="(\/interaction\/[\w-]+\/login)"/.exec(html);
    if (response.status !== 200 || !form) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 300)}`);
    response = await go(new URL(form[1], authorisationUrl).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `account=${encodeURIComponent(subject)}` });
  }
  throw new Error('the provider never sent the browser back');
}

export const cookieValue = (response: request.Response, name: string): string | undefined => {
  const line = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
  return line ? line.slice(name.length + 1).split(';')[0] : undefined;
};

/** Starts a sign-in at the api for an organisation: the provider's URL and the attempt cookie. */
export async function startSignIn(ctx: TestContext, slug: string): Promise<{ url: string; attempt: string; response: request.Response }> {
  const server = ctx.app.getHttpServer();
  const form = await request(server).get(`/board/sign-in?organisation=${slug}`).expect(200);
  const csrf = cookieValue(form, 'board_sign_in') as string;
  const field = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] as string;
  const response = await request(server).post('/board/sign-in').set('cookie', `board_sign_in=${csrf}`).type('form').send({ _csrf: field, organisation: slug });
  return { url: response.headers.location, attempt: cookieValue(response, 'board_oidc') as string, response };
}

/** The api's callback as the browser requests it, with the attempt cookie. */
export function finishSignIn(ctx: TestContext, callback: string, attempt: string | undefined): request.Test {
  const test = request(ctx.app.getHttpServer()).get(callback);
  return attempt ? test.set('cookie', `board_oidc=${attempt}`) : test;
}

/** The whole sign-in of one account; answers the board session cookie (undefined when refused) and the callback's response. */
export async function signInThroughProvider(ctx: TestContext, slug: string, subject: string): Promise<{ session: string | undefined; response: request.Response }> {
  const started = await startSignIn(ctx, slug);
  const back = await loginAtProvider(started.url, subject);
  const response = await finishSignIn(ctx, back.callback, started.attempt);
  return { session: cookieValue(response, 'board_session'), response };
}
