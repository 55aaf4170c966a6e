import type { FastifyInstance } from 'fastify';
import { firstDuplicateKey } from './json-duplicates';

/** Deeper JSON than any request of ours needs; refused before parsing so validation never recurses into it. */
export const MAX_JSON_DEPTH = 32;

/** The JSON media types the api reads: plain JSON and JSON Merge Patch (RFC 7396), which upserts accept. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/merge-patch+json'] as const;

/** True when arrays and objects nest deeper than `max` (strings are skipped, escapes honoured). */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const refusal = (code: string, message: string): Error => Object.assign(new Error(message), { statusCode: 400, code });

/**
 * Fastify's own JSON parser (prototype-poisoning checks and all) behind stricter checks: bytes that
 * are not UTF-8 (decoding would store replacement characters), nesting deeper than we read (it
 * overflowed the stack in validation), and a key repeated in one object (JSON.parse keeps the last
 * silently). Each is a 400 naming what to fix.
 */
export function registerSafeJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  for (const type of JSON_MEDIA_TYPES) {
    fastify.addContentTypeParser(type, { parseAs: 'buffer' }, (request, raw, done) => {
      let body: string;
      try {
        body = UTF8.decode(raw as Buffer);
      } catch {
        done(refusal('invalid_utf8', 'the JSON body is not valid UTF-8; send the text encoded as UTF-8'), undefined);
        return;
      }
      if (jsonDepthExceeds(body)) {
        done(refusal('json_too_deep', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
        return;
      }
      parse(request, body, (error, value) => {
        if (error) return done(error, undefined);
        const duplicate = body.length > 1 ? firstDuplicateKey(body) : null;
        if (duplicate !== null) return done(refusal('duplicate_json_key', `the JSON body sends "${duplicate}" more than once; send each field once`), undefined);
        done(null, value);
      });
    });
  }
}
