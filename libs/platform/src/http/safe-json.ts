import type { FastifyInstance } from 'fastify';

/** Deeper JSON than any request of ours needs; refused before parsing so validation never recurses into it. */
export const MAX_JSON_DEPTH = 32;

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

/**
 * Fastify's own JSON parser (prototype-poisoning checks and all) behind a nesting check: deeply
 * nested JSON otherwise overflowed the stack in validation and answered 500.
 */
export function registerSafeJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string)) {
      done(Object.assign(new Error(`the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400, code: 'json_too_deep' }), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}
