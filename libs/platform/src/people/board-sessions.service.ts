import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Actor, systemActor } from '../auth/actor';
import { Scope } from '../auth/scopes';
import { Db } from '../database/db.service';
import { MEMBER_WRITE_SCOPES, scopesForRoles } from './roles';
import { BoardSessionEntity } from './board-session.entity';

/** A session lasts a working day at most, and ends after half an hour without a page view. */
export const SESSION_LIFETIME_HOURS = 8;
export const SESSION_IDLE_MINUTES = 30;

export interface ResolvedSession {
  id: string;
  actor: Actor;
  csrf: string;
}

interface SessionRow {
  id: string;
  organisation_id: string;
  token_id: string | null;
  person_id: string | null;
  csrf_secret: string;
  name: string;
  scopes: Scope[] | null;
  roles: string[] | null;
  valid: boolean;
  seen_stale: boolean;
}

const hash = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** Server-side sessions for the board dashboard; the cookie carries only the random secret. */
@Injectable()
export class BoardSessionsService {
  private readonly logger = new Logger('board');

  constructor(private readonly db: Db) {}

  /** Opens a session for a signed-in person (or, in development, a token it never outlives). */
  create(actor: Actor): Promise<{ secret: string; csrf: string; expiresAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    return this.db.tenant(actor, async (tx) => {
      await tx.query(`DELETE FROM board_sessions WHERE organisation_id = $1 AND expires_at <= now()`, [tx.organisationId]);
      const personId = actor.personId ?? null;
      const [{ expires_at }] = await tx.query<{ expires_at: Date }>(
        `SELECT least(now() + make_interval(hours => $3), coalesce((SELECT t.expires_at FROM api_tokens t WHERE t.organisation_id = $1 AND t.id = $2), 'infinity')) AS expires_at`,
        [tx.organisationId, personId ? null : actor.tokenId, SESSION_LIFETIME_HOURS],
      );
      const row = await tx.insert(BoardSessionEntity, { tokenId: personId ? null : actor.tokenId, personId, secretHash: hash(secret), csrfSecret: csrf, expiresAt: expires_at, lastSeenAt: new Date() });
      await tx.audit({ action: 'board_session.created', entityType: 'board_session', entityId: row.id, after: { personId, tokenId: personId ? null : actor.tokenId, expiresAt: expires_at.toISOString() } });
      return { secret, csrf, expiresAt: expires_at };
    });
  }

  /**
   * The session behind a cookie, with its token re-checked: a revoked or expired token, an expired
   * or idle session all answer null (and the row is removed).
   */
  async resolve(secret: string, requestId: string | null): Promise<ResolvedSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
    const row = await this.lookup(hash(secret));
    if (!row) return null;
    const owner = systemActor(row.organisation_id, 'board session');
    if (!row.valid) {
      await this.db.tenant(owner, (tx) => tx.query(`DELETE FROM board_sessions WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, row.id]));
      return null;
    }
    // Idle tracking at minute resolution: one write a minute per session, not one per page.
    if (row.seen_stale) {
      await this.db
        .tenant(owner, (tx) => tx.query(`UPDATE board_sessions SET last_seen_at = now() WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, row.id]))
        .catch((error: Error) => this.logger.warn({ msg: 'could not record session use', error: error.message }));
    }
    const actor: Actor = row.person_id
      ? { organisationId: row.organisation_id, tokenId: null, name: row.name, scopes: scopesForRoles(row.roles ?? []), requestId, personId: row.person_id, roles: row.roles ?? [], memberScopes: MEMBER_WRITE_SCOPES, sessionId: row.id }
      : { organisationId: row.organisation_id, tokenId: row.token_id, name: row.name, scopes: row.scopes ?? [], requestId, sessionId: row.id };
    return { id: row.id, csrf: row.csrf_secret, actor };
  }

  /**
   * One row for one secret's hash, before the organisation is known. With row-level security on,
   * that goes through the SECURITY DEFINER door auth_find_board_session (migration
   * 1763800008000); without it, the same query reads the table directly.
   */
  private async lookup(secretHash: Buffer): Promise<SessionRow | null> {
    try {
      const rows: SessionRow[] = await this.db.dataSource.query(`SELECT * FROM auth_find_board_session($1, $2)`, [secretHash, SESSION_IDLE_MINUTES]);
      return rows[0] ?? null;
    } catch (error) {
      if ((error as { code?: string }).code !== '42883') throw error;
    }
    const rows: SessionRow[] = await this.db.dataSource.query(
      `SELECT s.id, s.organisation_id, s.token_id, s.person_id, s.csrf_secret, coalesce(p.name, t.name) AS name, t.scopes, p.roles,
              (s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)
                AND CASE WHEN s.person_id IS NOT NULL THEN p.status = 'active'
                         ELSE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) END) AS valid,
              s.last_seen_at < now() - interval '1 minute' AS seen_stale
         FROM board_sessions s
         LEFT JOIN api_tokens t ON t.organisation_id = s.organisation_id AND t.id = s.token_id
         LEFT JOIN people p ON p.organisation_id = s.organisation_id AND p.id = s.person_id
        WHERE s.secret_hash = $1`,
      [secretHash, SESSION_IDLE_MINUTES],
    );
    return rows[0] ?? null;
  }

  /** Sign-out: the row goes, so the cookie is worthless even if kept. */
  end(session: ResolvedSession): Promise<void> {
    return this.db.tenant(session.actor, async (tx) => {
      await tx.query(`DELETE FROM board_sessions WHERE organisation_id = $1 AND id = $2`, [tx.organisationId, session.id]);
      await tx.audit({ action: 'board_session.ended', entityType: 'board_session', entityId: session.id });
    });
  }
}
