import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { Actor } from '../auth/actor';
import { AppConfig, publicBaseUrl } from '../config/app-config';
import { Db } from '../database/db.service';
import { TenantTx } from '../database/tenant-tx';
import { IdentityProviderService, SignInProvider } from './identity-provider.service';
import { PeopleService } from './people.service';
import { PersonEntity } from './person.entity';
import { MEMBER_WRITE_SCOPES, scopesForRoles } from './roles';
import { SecretBox } from './secret-box';

/** Where the provider sends the browser back to. */
export const CALLBACK_PATH = '/board/sign-in/callback';
const ATTEMPT_MINUTES = 10;

/** Why a sign-in was refused, for the page to explain (never which check failed in detail). */
export type SignInRefusal = 'failed' | 'not_allowed' | 'deactivated' | 'no_email';

export class SignInRefused extends Error {
  constructor(
    readonly reason: SignInRefusal,
    detail: string,
  ) {
    super(detail);
  }
}

/** One sign-in in flight: kept in an encrypted, short-lived cookie between the redirect and the callback. */
interface Attempt {
  organisationId: string;
  slug: string;
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: number;
}

/**
 * OpenID Connect sign-in with openid-client: authorisation code with PKCE, state and nonce; the ID
 * token's issuer, audience, expiry and nonce are checked by the library. The person is then found
 * by subject, by invited email, or created as a viewer when their email domain is allowed.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger('sign-in');
  private readonly discovered = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

  constructor(
    private readonly providers: IdentityProviderService,
    private readonly people: PeopleService,
    private readonly secrets: SecretBox,
    private readonly db: Db,
    private readonly config: AppConfig,
  ) {}

  redirectUri(): string {
    return `${publicBaseUrl(this.config)}${CALLBACK_PATH}`;
  }

  /** The provider's metadata, discovered once per organisation and configuration version (for ten minutes). */
  private configuration(provider: SignInProvider): Promise<oidc.Configuration> {
    const key = `${provider.organisationId}:${provider.version}`;
    const cached = this.discovered.get(key);
    if (cached && Date.now() - cached.at < 10 * 60_000) return cached.config;
    const insecure = provider.issuer.startsWith('http://') && this.config.nodeEnv !== 'production';
    const config = oidc.discovery(new URL(provider.issuer), provider.clientId, undefined, oidc.ClientSecretBasic(provider.clientSecret), {
      execute: insecure ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    });
    this.discovered.set(key, { at: Date.now(), config });
    config.catch(() => this.discovered.delete(key));
    return config;
  }

  /** Starts a sign-in: the provider's authorisation URL and the sealed attempt for the cookie. */
  async start(provider: SignInProvider, loginHint?: string): Promise<{ url: string; attempt: string }> {
    const config = await this.configuration(provider);
    const attempt: Attempt = {
      organisationId: provider.organisationId,
      slug: provider.slug,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      expiresAt: Date.now() + ATTEMPT_MINUTES * 60_000,
    };
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri(),
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(attempt.verifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    };
    if (loginHint) parameters.login_hint = loginHint;
    return { url: oidc.buildAuthorizationUrl(config, parameters).href, attempt: this.secrets.seal(JSON.stringify(attempt)).toString('base64url') };
  }

  /**
   * Completes a sign-in from the callback's URL and the attempt cookie: the code is exchanged (once:
   * the provider refuses a replayed code), the ID token checked, and the person found or created.
   */
  async finish(sealedAttempt: string | undefined, callbackPathAndQuery: string, requestId: string | null): Promise<Actor> {
    const attempt = this.openAttempt(sealedAttempt);
    const provider = await this.providers.findForSignIn({ slug: attempt.slug });
    if (!provider || provider.organisationId !== attempt.organisationId) throw new SignInRefused('failed', 'the organisation no longer has this identity provider');
    let claims: oidc.IDToken;
    try {
      const config = await this.configuration(provider);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(callbackPathAndQuery, publicBaseUrl(this.config)), {
        pkceCodeVerifier: attempt.verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as oidc.IDToken;
    } catch (error) {
      this.logger.warn({ msg: 'sign-in refused by the protocol checks', organisationId: attempt.organisationId, error: (error as Error).message, code: (error as { code?: string }).code });
      throw new SignInRefused('failed', (error as Error).message);
    }
    return this.personFor(provider, claims, requestId);
  }

  private openAttempt(sealed: string | undefined): Attempt {
    if (!sealed) throw new SignInRefused('failed', 'no sign-in in progress in this browser');
    let attempt: Attempt;
    try {
      attempt = JSON.parse(this.secrets.open(Buffer.from(sealed, 'base64url'))) as Attempt;
    } catch {
      throw new SignInRefused('failed', 'the sign-in cookie could not be read');
    }
    if (attempt.expiresAt < Date.now()) throw new SignInRefused('failed', 'the sign-in took too long');
    return attempt;
  }

  /** The person behind verified claims, as an actor; refusals say why in terms a person can act on. */
  private async personFor(provider: SignInProvider, claims: oidc.IDToken, requestId: string | null): Promise<Actor> {
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims.email_verified === false) throw new SignInRefused('no_email', 'the identity provider did not give a verified email address');
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email.split('@')[0];
    const system: Actor = { organisationId: provider.organisationId, tokenId: null, name: 'sign-in', scopes: [], requestId };
    const person = await this.db.tenant(system, async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `SELECT id FROM people WHERE organisation_id = $1 AND (subject = $2 OR (email = $3 AND subject IS NULL)) ORDER BY (subject = $2) DESC NULLS LAST LIMIT 1 FOR UPDATE`,
        [tx.organisationId, claims.sub, email],
      );
      let found = rows[0] ? await tx.findOne(PersonEntity, { id: rows[0].id }) : null;
      if (found?.status === 'deactivated') throw new SignInRefused('deactivated', `${found.email} has been deactivated`);
      if (!found) {
        const domain = email.split('@')[1];
        if (!provider.allowedDomains.includes(domain)) throw new SignInRefused('not_allowed', `${email} has not been invited and ${domain} is not allowed to sign in`);
        found = await this.people.insertIn(new TenantTx(tx.manager, { ...system, name }), { email, name, roles: ['viewer'], status: 'active', subject: claims.sub, lastSignInAt: new Date() });
      } else {
        await tx.manager.update(PersonEntity, { organisationId: tx.organisationId, id: found.id }, { subject: claims.sub, status: 'active', lastSignInAt: () => 'now()', ...(found.status === 'invited' ? { name } : {}) });
        found = (await tx.findOne(PersonEntity, { id: found.id })) as PersonEntity;
      }
      const actor = this.actorFor(found, requestId);
      await new TenantTx(tx.manager, actor).audit({ action: 'person.signed_in', entityType: 'person', entityId: found.id, after: { issuer: provider.issuer, subject: claims.sub } });
      return found;
    });
    return this.actorFor(person, requestId);
  }

  private actorFor(person: PersonEntity, requestId: string | null): Actor {
    return { organisationId: person.organisationId, tokenId: null, name: person.name, scopes: scopesForRoles(person.roles), requestId, personId: person.id, roles: person.roles, memberScopes: MEMBER_WRITE_SCOPES };
  }
}
