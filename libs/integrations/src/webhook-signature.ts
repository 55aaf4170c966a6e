import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks secret prefix: secret scanners and receivers' libraries recognise it. */
export const SECRET_PREFIX = 'whsec_';

/** A new signing key: 32 random bytes, shown to the subscriber once as `whsec_<base64>`. */
export function newSigningKey(): { key: Buffer; secret: string } {
  const key = randomBytes(32);
  return { key, secret: formatSecret(key) };
}

export const formatSecret = (key: Buffer): string => `${SECRET_PREFIX}${key.toString('base64')}`;

/** The key bytes behind a `whsec_` secret, as a receiver decodes it. */
export const parseSecret = (secret: string): Buffer => Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the Standard Webhooks signature. */
export function sign(key: Buffer, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * What a receiver does: recompute and compare in constant time against any of the space-separated
 * signatures in the header. Also used by our tests.
 */
export function verify(secret: string, id: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(sign(parseSecret(secret), id, timestamp, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
