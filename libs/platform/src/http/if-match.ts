import { Problem } from '../errors/problem';

/** Parses `If-Match: "3"` (or W/"3", or 3) into a version; 428 when absent, 400 when unreadable. */
export function requireIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw Problem.preconditionRequired();
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw Problem.badRequest('If-Match must be the resource version, e.g. "3"');
  return Number(match[1]);
}

export const etag = (version: number): string => `"${version}"`;

/** Throws 412 unless the stored version is the one the caller read. */
export function assertVersion(expected: number, current: number): void {
  if (expected !== current) throw Problem.preconditionFailed(current);
}

/** Sets the ETag of a versioned resource on the reply, so clients can send it back as If-Match. */
export function withEtag<T extends { version: number }>(reply: { header(name: string, value: string): unknown }, view: T): T {
  reply.header('etag', etag(view.version));
  return view;
}
