import { createHash } from 'node:crypto';
import { TenantTx } from '../database/tenant-tx';
import { Problem } from '../errors/problem';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const NO_TOKEN = '00000000-0000-0000-0000-000000000000';
/** How long a client should wait before retrying while the first request with its key is still running. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = '1';

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** The Idempotency-Key header, required on routes that create money: 400 when missing or malformed. */
export function requireIdempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || key === '') {
    throw new Problem(400, 'idempotency_key_required', 'send an Idempotency-Key header (e.g. a UUID you generate per logical request) so a retry cannot count twice', {
      errors: [{ field: 'Idempotency-Key', message: 'Idempotency-Key header is required' }],
    });
  }
  if (!KEY_PATTERN.test(key)) {
    throw Problem.validation([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1-255 visible ASCII characters' }]);
  }
  return key;
}

/** A stable hash of what the request asks for: the route and the body with object keys sorted. */
export function requestHash(route: string, body: unknown): Buffer {
  return createHash('sha256').update(route).update('\n').update(canonicalJson(body)).digest();
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs `work` at most once per (organisation, key), inside the caller's transaction, and
 * stores its answer in that same transaction, so a replay finds either nothing or the complete first
 * answer. A transaction-scoped advisory lock on the key makes a concurrent retry fail fast with 409
 * and Retry-After instead of running twice or waiting. Errors are not stored: a request that failed
 * changed nothing and may be retried with the same key.
 *
 * Keys belong to the organisation, not the token: a retry after a token rotation, or from another
 * token of the same organisation, replays the first answer (the sending token is recorded).
 * Keys are kept at least 7 days (the worker prunes them after 8).
 */
export async function runIdempotent<T>(
  tx: TenantTx,
  input: { key: string; route: string; body: unknown },
  work: () => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const tokenId = tx.actor.tokenId ?? NO_TOKEN;
  const hash = requestHash(input.route, input.body);
  const [lock] = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS locked`, [`idem:${tx.organisationId}`, input.key]);
  if (!lock.locked) {
    throw Problem.conflict('idempotency_key_in_use', 'a request with this Idempotency-Key is still being processed; retry after a moment', {
      headers: { 'retry-after': IN_FLIGHT_RETRY_AFTER_SECONDS },
    });
  }
  const [stored] = await tx.query<{ route: string; request_hash: Buffer; response_status: number; response_body: T }>(
    `SELECT route, request_hash, response_status, response_body FROM idempotency_keys WHERE organisation_id = $1 AND key = $2 ORDER BY created_at LIMIT 1`,
    [tx.organisationId, input.key],
  );
  if (stored) {
    if (stored.route !== input.route || !stored.request_hash.equals(hash)) {
      throw new Problem(422, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request; use a new key for a new request');
    }
    return { status: stored.response_status, body: stored.response_body, replayed: true };
  }
  const result = await work();
  await tx.query(
    `INSERT INTO idempotency_keys (organisation_id, token_id, key, route, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [tx.organisationId, tokenId, input.key, input.route, hash, result.status, JSON.stringify(result.body)],
  );
  return { ...result, replayed: false };
}
