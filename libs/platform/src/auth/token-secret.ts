import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Token format: `kpit_<lookupId>_<secret><checksum>`. The `kpit_` prefix lets secret scanners
 * recognise a leaked token; the CRC32 checksum lets them (and us) reject typos without a database
 * round trip; only SHA-256 of the whole token is stored.
 */
export const TOKEN_PREFIX = 'kpit_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TOKEN_PATTERN = /^kpit_([0-9a-f]{16})_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/;

function base62(bytes: Buffer, length: number): string {
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (out.length < length) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function checksum(body: string): string {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(crc32(body) >>> 0);
  return base62(buf, 6);
}

export interface IssuedToken {
  token: string;
  lookupId: string;
  secretHash: Buffer;
}

export function issueToken(): IssuedToken {
  const lookupId = randomBytes(8).toString('hex');
  const secret = base62(randomBytes(32), 43);
  const body = `${TOKEN_PREFIX}${lookupId}_${secret}`;
  const token = `${body}${checksum(body)}`;
  return { token, lookupId, secretHash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Returns the lookup id of a well-formed token with a valid checksum, or null. */
export function parseToken(token: string): string | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const body = token.slice(0, token.length - 6);
  return checksum(body) === match[3] ? match[1] : null;
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
