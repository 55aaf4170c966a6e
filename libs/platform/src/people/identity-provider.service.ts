import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { Problem } from '../errors/problem';
import { assertVersion } from '../http/if-match';
import { IdentityProviderEntity } from './identity-provider.entity';
import { SecretBox } from './secret-box';

export interface IdentityProviderView {
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  allowedDomains: string[];
  version: number;
  updatedAt: string;
}

/** What sign-in needs to talk to an organisation's provider (the secret opened). */
export interface SignInProvider {
  organisationId: string;
  organisationName: string;
  slug: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  version: number;
}

const toView = (e: IdentityProviderEntity): IdentityProviderView => ({
  issuer: e.issuer,
  clientId: e.clientId,
  clientSecretSet: e.clientSecretEncrypted.length > 0,
  allowedDomains: e.allowedDomains,
  version: e.version,
  updatedAt: e.updatedAt.toISOString(),
});

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/** Each organisation's OpenID Connect provider: issuer, client and the email domains allowed in. */
@Injectable()
export class IdentityProviderService {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  get(actor: Actor): Promise<IdentityProviderView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(IdentityProviderEntity, {});
      if (!row) throw Problem.notFound('identity provider');
      return toView(row);
    });
  }

  /** Sets the provider. The secret may be left out to keep the stored one; If-Match when replacing. */
  put(actor: Actor, expectedVersion: number | null, input: { issuer: string; clientId: string; clientSecret?: string; allowedDomains: string[] }): Promise<IdentityProviderView> {
    const issuer = input.issuer.replace(/\/+$/, '');
    if (!issuer.startsWith('https://') && !(this.config.nodeEnv !== 'production' && LOOPBACK.test(issuer))) {
      throw Problem.validation([{ field: 'issuer', message: 'issuer must be an https:// URL (plain http only to a loopback address outside production)' }]);
    }
    const domains = [...new Set(input.allowedDomains.map((d) => d.trim().toLowerCase()))];
    return this.db.tenant(actor, async (tx) => {
      const existing = await tx.findOneForUpdate(IdentityProviderEntity, {});
      if (existing && expectedVersion === null) throw Problem.preconditionRequired();
      if (existing) assertVersion(expectedVersion as number, existing.version);
      if (!existing && !input.clientSecret) throw Problem.validation([{ field: 'clientSecret', message: 'clientSecret is required the first time' }]);
      const sealed = input.clientSecret ? this.secrets.seal(input.clientSecret) : (existing as IdentityProviderEntity).clientSecretEncrypted;
      const values = { issuer, clientId: input.clientId, clientSecretEncrypted: sealed, allowedDomains: domains };
      if (existing) await tx.manager.update(IdentityProviderEntity, { organisationId: tx.organisationId }, values);
      else await tx.insert(IdentityProviderEntity, values);
      const saved = (await tx.findOne(IdentityProviderEntity, {})) as IdentityProviderEntity;
      // The secret never enters the audit trail: only whether it changed.
      await tx.audit({
        action: 'identity_provider.updated',
        entityType: 'identity_provider',
        entityId: tx.organisationId,
        before: existing ? { issuer: existing.issuer, clientId: existing.clientId, allowedDomains: existing.allowedDomains } : null,
        after: { issuer, clientId: input.clientId, allowedDomains: domains, clientSecretChanged: Boolean(input.clientSecret) },
      });
      return toView(saved);
    });
  }

  /**
   * The provider for a sign-in, found by organisation slug or, without one, by an allowed email
   * domain (only when exactly one organisation allows it). Runs before anyone is known, through
   * the auth_find_identity_provider door.
   */
  async findForSignIn(by: { slug?: string; domain?: string }): Promise<SignInProvider | null> {
    if (!by.slug && !by.domain) return null;
    const rows: {
      organisation_id: string;
      organisation_name: string;
      slug: string;
      issuer: string;
      client_id: string;
      client_secret_encrypted: Buffer;
      allowed_domains: string[];
      version: number;
    }[] = await this.db.dataSource.query(`SELECT * FROM auth_find_identity_provider($1, $2)`, [by.slug ?? null, by.slug ? null : (by.domain ?? '').toLowerCase()]);
    if (rows.length !== 1) return null;
    const r = rows[0];
    return {
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      slug: r.slug,
      issuer: r.issuer,
      clientId: r.client_id,
      clientSecret: this.secrets.open(r.client_secret_encrypted),
      allowedDomains: r.allowed_domains,
      version: r.version,
    };
  }
}
