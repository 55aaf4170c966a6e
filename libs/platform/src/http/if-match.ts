import { Problem } from '../errors/problem';

/** `If-Match: *`: any current representation matches (RFC 9110 §13.1.1); the write goes ahead whatever the version. */
export const IF_MATCH_ANY = 0;
/** Only weak tags were sent: under the strong comparison If-Match requires they never match, so the answer is 412. */
export const IF_MATCH_NONE = -1;

const TAG = /^\s*(W\/)?"(\d{1,9})"\s*$|^\s*(\d{1,9})\s*$/;

/**
 * Reads If-Match as RFC 9110 §13.1.1 says: `*` matches any current version; a strong tag `"3"`
 * matches version 3; a weak tag `W/"3"` never matches (If-Match compares strongly), so a request
 * carrying only weak tags is 412, not a silent write. A bare `3` is read as `"3"` for old clients.
 * A list naming two different versions cannot both be current: only the first strong one is kept.
 * 428 when absent, 400 when unreadable. The result goes to `assertVersion`.
 */
export function requireIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw Problem.preconditionRequired();
  if (header.trim() === '*') return IF_MATCH_ANY;
  const strong: number[] = [];
  for (const part of header.split(',')) {
    const match = TAG.exec(part);
    if (!match) throw new Problem(400, 'invalid_if_match', 'If-Match must be the ETag you last read, e.g. "3" (or * for any version)');
    if (!match[1]) strong.push(Number(match[2] ?? match[3]));
  }
  return strong.length ? strong[0] : IF_MATCH_NONE;
}

export const etag = (version: number): string => `"${version}"`;

/** Throws 412 unless the stored version is one the caller named (or the caller sent `*`). */
export function assertVersion(expected: number, current: number): void {
  if (expected === IF_MATCH_ANY) return;
  if (expected !== current) throw Problem.preconditionFailed(current);
}

/** Sets the ETag of a versioned resource on the reply, so clients can send it back as If-Match. */
export function withEtag<T extends { version: number }>(reply: { header(name: string, value: string): unknown }, view: T): T {
  reply.header('etag', etag(view.version));
  return view;
}
