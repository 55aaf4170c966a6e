import { Injectable, Logger } from '@nestjs/common';
import { Actor } from './actor';
import { ApiTokenEntity } from './api-token.entity';
import { Scope } from './scopes';
import { hashToken, issueToken, parseToken, sameHash } from './token-secret';
import { MEMBER_WRITE_SCOPES, narrowScopes } from '../people/roles';
import { Db } from '../database/db.service';
import { TenantTx } from '../database/tenant-tx';
import { Problem } from '../errors/problem';
import { Cursor, Page, PageQuery, pageSize, toPage } from '../http/pagination';

export interface TokenView {
  id: string;
  name: string;
  scopes: Scope[];
  prefix: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  /** The person the token belongs to, if any. */
  personId: string | null;
  /** The integration the token belongs to, if any: its name, the person accountable, the programmes it may reach (null: all). */
  integration: { name: string; ownerPersonId: string; programmeIds: string[] | null } | null;
}

export interface TokenInput {
  name: string;
  scopes: Scope[];
  expiresAt?: Date | null;
  personId?: string | null;
  integration?: { name: string; ownerPersonId: string; programmeIds?: string[] | null } | null;
}

export interface CreatedToken extends TokenView {
  token: string;
}

export interface RotatedToken extends CreatedToken {
  /** The token this one replaces, and when it stops working. */
  replaces: { id: string; expiresAt: string };
}

/** An organisation's own rate limit (organisations.settings.rateLimit), when it has one. */
export interface RateLimitSetting {
  requests?: number;
  windowSeconds?: number;
}

export interface Authenticated {
  actor: Actor;
  rateLimit: RateLimitSetting | null;
}

interface TokenRow {
  id: string;
  organisation_id: string;
  name: string;
  scopes: Scope[];
  secret_hash: Buffer;
  expired: boolean;
  revoked: boolean;
  stale_use: boolean;
  rate_limit: RateLimitSetting | null;
  person_id: string | null;
  person_name: string | null;
  person_active: boolean | null;
  person_roles: string[] | null;
  programme_ids: string[] | null;
}

export const toTokenView = (t: ApiTokenEntity): TokenView => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes as Scope[],
  prefix: `kpit_${t.lookupId}`,
  expiresAt: t.expiresAt ? t.expiresAt.toISOString() : null,
  lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
  revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null,
  createdAt: t.createdAt.toISOString(),
  personId: t.personId ?? null,
  integration: t.integration ? { name: t.integration, ownerPersonId: t.ownerPersonId as string, programmeIds: t.programmeIds ?? null } : null,
});

@Injectable()
export class TokenService {
  private readonly logger = new Logger('auth');

  constructor(private readonly db: Db) {}

  /** Creates a token inside a tenant transaction; the secret is returned once and never stored. */
  async createIn(tx: TenantTx, input: TokenInput): Promise<CreatedToken> {
    const issued = issueToken();
    const personId = input.personId ?? null;
    const integration = input.integration ?? null;
    if (personId && integration) throw Problem.validation([{ field: 'integration', message: 'a token belongs to a person or to an integration, not both' }]);
    const programmeIds = integration?.programmeIds ? [...new Set(integration.programmeIds)] : null;
    // One query checks the owner (or person) and every programme named are this organisation's.
    const owner = personId ?? integration?.ownerPersonId ?? null;
    if (owner || programmeIds) {
      const [found] = await tx.query<{ person: boolean; programmes: number }>(
        `SELECT $2::uuid IS NULL OR EXISTS (SELECT 1 FROM people WHERE organisation_id = $1 AND id = $2 AND status <> 'deactivated') AS person,
                (SELECT count(*)::int FROM programmes WHERE organisation_id = $1 AND id = ANY ($3::uuid[])) AS programmes`,
        [tx.organisationId, owner, programmeIds ?? []],
      );
      if (!found.person) throw Problem.notFound('person');
      if (programmeIds && found.programmes !== programmeIds.length) throw Problem.notFound('programme');
    }
    const row = await tx.insert(ApiTokenEntity, {
      name: input.name,
      scopes: [...new Set(input.scopes)],
      lookupId: issued.lookupId,
      secretHash: issued.secretHash,
      expiresAt: input.expiresAt ?? null,
      createdByTokenId: tx.actor.tokenId,
      personId,
      integration: integration?.name ?? null,
      ownerPersonId: integration?.ownerPersonId ?? null,
      programmeIds,
    });
    await tx.audit({ action: 'token.created', entityType: 'api_token', entityId: row.id, after: { name: row.name, scopes: row.scopes, expiresAt: row.expiresAt, personId, integration: toTokenView(row).integration } });
    return { ...toTokenView(row), token: issued.token };
  }

  create(actor: Actor, input: TokenInput): Promise<CreatedToken> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw Problem.validation([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    }
    return this.db.tenant(actor, (tx) => this.createIn(tx, input));
  }

  list(actor: Actor, query: PageQuery): Promise<Page<TokenView>> {
    const limit = pageSize(query);
    const after = Cursor.decode(query.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      // Millisecond precision on both sides: the cursor carries a JavaScript Date.
      const qb = tx.select(ApiTokenEntity, 't').orderBy(`date_trunc('milliseconds', t.created_at)`, 'ASC').addOrderBy('t.id', 'ASC').take(limit + 1);
      if (after) qb.andWhere(`(date_trunc('milliseconds', t.created_at), t.id) > (:at::timestamptz, :id::uuid)`, { at: after[0], id: after[1] });
      const rows = await qb.getMany();
      return toPage(rows, limit, (t) => [t.createdAt.toISOString(), t.id], toTokenView);
    });
  }

  revoke(actor: Actor, id: string): Promise<TokenView> {
    return this.db.tenant(actor, async (tx) => {
      const token = await tx.findOneForUpdate(ApiTokenEntity, { id });
      if (!token) throw Problem.notFound('token');
      if (!token.revokedAt) {
        token.revokedAt = new Date();
        await tx.manager.update(ApiTokenEntity, { id, organisationId: tx.organisationId }, { revokedAt: token.revokedAt });
        await tx.audit({ action: 'token.revoked', entityType: 'api_token', entityId: id, before: { revokedAt: null }, after: { revokedAt: token.revokedAt } });
      }
      return toTokenView(token);
    });
  }

  /**
   * Issues a new token with the same name, scopes and expiry, and lets the old one keep working for
   * `overlapSeconds` (never longer than it would have anyway), so an integration can deploy the new
   * secret without a window of 401s.
   */
  rotate(actor: Actor, id: string, overlapSeconds: number): Promise<RotatedToken> {
    return this.db.tenant(actor, async (tx) => {
      const old = await tx.findOneForUpdate(ApiTokenEntity, { id });
      if (!old) throw Problem.notFound('token');
      if (old.revokedAt || (old.expiresAt && old.expiresAt.getTime() <= Date.now())) throw Problem.conflict('token_inactive', 'a revoked or expired token cannot be rotated; create a new one');
      const [{ ends }] = await tx.query<{ ends: Date }>(`SELECT least(now() + make_interval(secs => $1), coalesce($2::timestamptz, 'infinity')) AS ends`, [overlapSeconds, old.expiresAt]);
      await tx.manager.update(ApiTokenEntity, { id, organisationId: tx.organisationId }, { expiresAt: ends });
      const created = await this.createIn(tx, { name: old.name, scopes: old.scopes as Scope[], expiresAt: old.expiresAt, personId: old.personId, integration: old.integration ? { name: old.integration, ownerPersonId: old.ownerPersonId as string, programmeIds: old.programmeIds } : null });
      await tx.audit({ action: 'token.rotated', entityType: 'api_token', entityId: id, before: { expiresAt: old.expiresAt }, after: { expiresAt: ends, replacedBy: created.id } });
      return { ...created, replaces: { id, expiresAt: ends.toISOString() } };
    });
  }

  /** Resolves a bearer token to an actor, or null for anything unknown, revoked or expired. */
  async authenticate(bearer: string, requestId: string | null): Promise<Actor | null> {
    return (await this.resolve(bearer, requestId))?.actor ?? null;
  }

  /**
   * The actor and its organisation's rate limit. The lookup runs before the organisation is known,
   * so it goes through auth_find_token (SECURITY DEFINER, one row for one lookup id) rather than
   * past row-level security; the secret's hash is compared here.
   */
  async resolve(bearer: string, requestId: string | null): Promise<Authenticated | null> {
    const lookupId = parseToken(bearer);
    if (!lookupId) return null;
    const rows: TokenRow[] = await this.db.dataSource.query(`SELECT * FROM auth_find_token($1)`, [lookupId]);
    const row = rows[0];
    if (!row || row.expired || row.revoked || !sameHash(row.secret_hash, hashToken(bearer))) return null;
    // A personal token stops with its owner and never does more than the owner's roles allow.
    if (row.person_id && !row.person_active) return null;
    const actor: Actor = row.person_id
      ? { organisationId: row.organisation_id, tokenId: row.id, name: row.person_name as string, scopes: narrowScopes(row.scopes, row.person_roles ?? []), requestId, personId: row.person_id, roles: row.person_roles ?? [], memberScopes: MEMBER_WRITE_SCOPES.filter((s) => row.scopes.includes('admin') || row.scopes.includes(s)) }
      : { organisationId: row.organisation_id, tokenId: row.id, name: row.name, scopes: row.scopes, requestId, programmeIds: row.programme_ids };
    if (row.stale_use) this.touch(actor);
    return { actor, rateLimit: row.rate_limit };
  }

  /** Last-used time at minute resolution, off the request path: a failure here must not fail the call. */
  private touch(actor: Actor): void {
    this.db
      .tenant(actor, (tx) => tx.query(`UPDATE api_tokens SET last_used_at = now() WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, actor.tokenId]))
      .catch((error: Error) => this.logger.warn({ msg: 'could not record token use', tokenId: actor.tokenId, error: error.message }));
  }
}
