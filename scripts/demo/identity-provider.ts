import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Provider as OidcProvider } from 'oidc-provider';

/** Someone who can sign in at the local provider. */
export interface ProviderAccount {
  subject: string;
  email: string;
  name: string;
  title?: string;
  emailVerified?: boolean;
}

export interface ProviderClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface LocalIdentityProvider {
  issuer: string;
  server: Server;
  /**
   * Tests only: rewrites the claims of the next ID tokens the token endpoint issues and signs them
   * again with the provider's own key, to show how the product treats a provider that misbehaves.
   */
  tamperIdTokens(rewrite: ((claims: Record<string, unknown>) => Record<string, unknown>) | null): void;
  close(): Promise<void>;
}

/** Keeps the provider's short-lived state (codes, sessions, grants) in this process: enough for a demo or a test. */
class MemoryAdapter {
  private static readonly store = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  constructor(private readonly model: string) {}
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
    MemoryAdapter.store.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    if (typeof payload.uid === 'string') MemoryAdapter.store.set(`${this.model}:uid:${payload.uid}`, { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }
  async find(id: string) {
    const hit = MemoryAdapter.store.get(this.key(id));
    return hit && hit.expiresAt > Date.now() ? hit.payload : undefined;
  }
  async findByUid(uid: string) {
    return this.find(`uid:${uid}`);
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(id: string) {
    const hit = MemoryAdapter.store.get(this.key(id));
    if (hit) hit.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    MemoryAdapter.store.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [key, value] of MemoryAdapter.store) if (value.payload.grantId === grantId) MemoryAdapter.store.delete(key);
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function signJwt(claims: Record<string, unknown>, header: Record<string, unknown>, key: KeyObject): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part(header)}.${part(claims)}`;
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
}

/**
 * A real OpenID Connect provider (oidc-provider, a certified implementation) on 127.0.0.1 with a
 * fixed list of accounts: its sign-in page offers one button per person. The demo runs it for its
 * people; the tests start one on a free port and sign in through it.
 */
export async function startIdentityProvider(options: { port?: number; host?: string; accounts: ProviderAccount[]; clients: ProviderClient[] }): Promise<LocalIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const { Provider } = (await import('oidc-provider')) as typeof import('oidc-provider');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const accounts = new Map(options.accounts.map((a) => [a.subject, a]));

  const provider: OidcProvider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Name and email in the ID token itself, as Entra ID and Google put them.
    conformIdTokenClaims: false,
    adapter: MemoryAdapter,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 3600, Session: 8 * 3600 },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    findAccount: async (_ctx: unknown, subject: string) => {
      const account = accounts.get(subject);
      if (!account) return undefined;
      return { accountId: subject, claims: async () => ({ sub: subject, email: account.email, email_verified: account.emailVerified ?? true, name: account.name }) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // First-party clients: consent is implied, so the one click on a person completes sign-in.
    loadExistingGrant: async (ctx: { oidc: { client: { clientId: string }; session: { accountId: string; grantIdFor(id: string): string | undefined }; provider: { Grant: { new (v: object): { addOIDCScope(s: string): void; save(): Promise<string> }; find(id: string): Promise<unknown> } } } }) => {
      const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    renderError: async (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><title>Sign-in error</title><h1>Sign-in error</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre></html>`;
    },
  });

  let rewrite: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;
  const handle = provider.callback();

  const loginPage = (uid: string, hint: unknown) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in – Local identity provider</title>
<style>body{font-family:Arial,sans-serif;margin:2rem;max-width:40rem}button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem;text-align:left;cursor:pointer}small{color:#505a5f}</style></head>
<body><main><h1>Local identity provider</h1><p>For the demo and the tests only. Choose who to sign in as.</p>
<form method="post" action="/interaction/${uid}/login">
${options.accounts
  .map((a) => `<button type="submit" name="account" value="${escapeHtml(a.subject)}"${a.email === hint ? ' autofocus' : ''}>${escapeHtml(a.name)}<br><small>${escapeHtml(a.title ?? '')} ${escapeHtml(a.email)}</small></button>`)
  .join('\n')}
</form></main></body></html>`;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
      try {
        if (interaction && req.method === 'GET' && !interaction[2]) {
          const details = await provider.interactionDetails(req, res);
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(loginPage(details.uid, details.params.login_hint));
          return;
        }
        if (interaction && req.method === 'POST' && interaction[2]) {
          const subject = (await readForm(req)).get('account') ?? '';
          if (!accounts.has(subject)) {
            res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown account');
            return;
          }
          await provider.interactionFinished(req, res, { login: { accountId: subject } }, { mergeWithLastSubmission: false });
          return;
        }
        if (rewrite && url.pathname === '/token') {
          const tamper = rewrite;
          const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
          res.end = ((chunk?: unknown) => {
            const body = JSON.parse(String(chunk)) as { id_token?: string };
            if (body.id_token) {
              const [header, claims] = body.id_token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
              body.id_token = signJwt(tamper(claims), header, privateKey);
            }
            const text = JSON.stringify(body);
            res.setHeader('content-length', Buffer.byteLength(text));
            return end(text);
          }) as typeof res.end;
        }
        handle(req, res);
      } catch (error) {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`sign-in failed: ${(error as Error).message}`);
      }
    })();
  });

  return {
    issuer,
    server,
    tamperIdTokens: (fn) => (rewrite = fn),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
