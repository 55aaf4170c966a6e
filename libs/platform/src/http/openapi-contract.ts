import { PROBLEM_CATALOGUE, PROBLEM_CODES } from '../errors/problem-catalogue';

/* The OpenAPI document as Nest's generator produces it; typed loosely so this stays independent of its version. */
type Json = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string; schema?: Json; required?: boolean; description?: string }[];
  requestBody?: Json;
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Json; example?: unknown }>; headers?: Json }>;
  security?: unknown[];
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  deprecated?: boolean;
  'x-sunset'?: string;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json>; headers?: Record<string, Json>; securitySchemes?: Json };
  [key: string]: unknown;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** The one problem+json schema every error response shares (RFC 9457 plus this API's extensions). */
export const PROBLEM_SCHEMA: Json = {
  type: 'object',
  description: 'RFC 9457 problem details. Branch on `code`; show `detail` to people. `type` resolves to a page explaining the code.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri-reference', example: 'https://kpi.example.gov.uk/problems/validation-failed' },
    title: { type: 'string', example: 'Validation failed' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', example: 'name: name must contain visible characters and no control characters' },
    code: { type: 'string', enum: PROBLEM_CODES, example: 'validation_failed' },
    requestId: { type: 'string', description: 'quote it when reporting a problem' },
    instance: { type: 'string' },
    errors: { type: 'array', description: 'each invalid field (a dotted path into the body, query or path) and what to fix', items: ref('FieldError') },
    conflictingCode: { type: 'string', description: 'code_taken: the code you sent that another record already has' },
    currentVersion: { type: 'integer', description: 'version_mismatch: the version to read again' },
    requiredScope: { type: 'string', description: 'insufficient_scope: the scope the route needs' },
  },
  additionalProperties: true,
};

const FIELD_ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['field', 'message'],
  properties: { field: { type: 'string', example: 'name' }, message: { type: 'string', example: 'name must be shorter than or equal to 200 characters' } },
};

const HEADERS: Record<string, Json> = {
  ETag: { description: 'the version of the resource as a strong entity tag; send it back in If-Match to update', schema: { type: 'string', example: '"3"' } },
  Location: { description: 'where the created resource can be read', schema: { type: 'string', format: 'uri-reference' } },
  'Idempotent-Replayed': { description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
  RateLimit: { description: 'remaining requests (r) and seconds until the window resets (t), per draft-ietf-httpapi-ratelimit-headers', schema: { type: 'string', example: '"per-token";r=1199;t=60' } },
  'RateLimit-Policy': { description: 'the quota (q) per window (w, seconds)', schema: { type: 'string', example: '"per-token";q=1200;w=60' } },
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'string', example: '5' } },
  Allow: { description: 'the methods the path accepts', schema: { type: 'string', example: 'GET, HEAD, PATCH' } },
  'WWW-Authenticate': { description: 'how to authenticate', schema: { type: 'string', example: 'Bearer' } },
  'Accept-Post': { description: 'the media types the route reads', schema: { type: 'string', example: 'application/json' } },
  'X-Request-Id': { description: 'the request id (yours when you sent a valid one)', schema: { type: 'string' } },
  Deprecation: { description: 'RFC 9745: the operation is deprecated, since this date (@unix-seconds)', schema: { type: 'string', example: '@1798761600' } },
  Sunset: { description: 'RFC 8594: after this date the operation may stop answering', schema: { type: 'string', example: 'Wed, 30 Jun 2027 00:00:00 GMT' } },
  Link: { description: 'the successor of a deprecated operation (rel="successor-version") or its deprecation notes', schema: { type: 'string' } },
};

const problemResponse = (status: number, description: string, headers: string[] = []) => ({
  description,
  headers: Object.fromEntries(['X-Request-Id', ...headers].map((h) => [h, headerRef(h)])),
  content: { 'application/problem+json': { schema: ref('Problem'), example: exampleFor(status) } },
});

function exampleFor(status: number): Json {
  const code = PROBLEM_CODES.find((c) => PROBLEM_CATALOGUE[c].status === status) ?? 'internal_error';
  const entry = PROBLEM_CATALOGUE[code];
  return { type: `https://kpi.example.gov.uk/problems/${code.replace(/_/g, '-')}`, title: entry.title, status, detail: entry.means, code, requestId: '5f0c6f0e-8d1c-4a9e-9f3e-0d9f6f1c2b3a' };
}

/** Which machine codes a status can carry, said in the response's description so readers see them beside it. */
const codesFor = (status: number): string => PROBLEM_CODES.filter((c) => PROBLEM_CATALOGUE[c].status === status).map((c) => `\`${c}\``).join(', ');

const isIdParam = (name: string): boolean => name === 'id' || (/^[a-z]+Id$/.test(name) && name !== 'externalId');

/**
 * Completes what Nest's generator leaves out, for every operation at once (so a new controller is
 * documented as well as the old ones without doing anything): the shared problem schema and each
 * error status an operation can return given its shape (auth, parameters, body, If-Match,
 * Idempotency-Key), path ids as UUIDs, and the response headers the platform sets.
 */
export function completeOpenApiDocument(doc: OpenApiDocument): OpenApiDocument {
  doc.components ??= {};
  // A `default` makes an optional field required in generated clients (openapi-typescript types it
  // non-optional); the server fills the default in, so it is said in words instead.
  for (const schema of Object.values(doc.components.schemas ?? {})) describeDefaults(schema);
  for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) for (const p of op.parameters ?? []) if (p.schema) moveDefault(p.schema, p);
  doc.components.schemas = { ...doc.components.schemas, Problem: PROBLEM_SCHEMA, FieldError: FIELD_ERROR_SCHEMA };
  doc.components.headers = { ...doc.components.headers, ...HEADERS };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      for (const p of params) {
        if (p.in === 'path' && isIdParam(p.name) && p.schema?.type === 'string' && !p.schema.format) p.schema = { ...p.schema, format: 'uuid' };
      }
      const secured = (op.security?.length ?? 0) > 0;
      if (op['x-sunset']) op.deprecated = true;
      const hasBody = op.requestBody !== undefined;
      const header = (name: string) => params.some((p) => p.in === 'header' && p.name.toLowerCase() === name);
      // Once the token is known, every answer carries its rate-limit state, errors included.
      const limited = secured ? ['RateLimit', 'RateLimit-Policy'] : [];
      const add = (status: number, description: string, headers: string[] = []) => {
        const key = String(status);
        const existing = op.responses[key];
        // A route that answers this status with its own body (readiness: 503 with its checks) keeps that beside the problem.
        const own = Object.entries(existing?.content ?? {}).filter(([type]) => type !== 'application/problem+json');
        op.responses[key] = { ...problemResponse(status, existing?.description && (!existing.content || own.length) ? existing.description : description, [...new Set([...headers, ...limited])]) };
        if (own.length) Object.assign(op.responses[key].content as object, Object.fromEntries(own));
        op.responses[key].description = `${op.responses[key].description} (code: ${codesFor(status)})`;
      };
      // Whatever the route: a body, query or path it cannot read; a server that is stopping or lost its database.
      if (params.length > 0 || hasBody || secured) add(400, 'the request is invalid; `errors` names each field to fix');
      if (secured) {
        add(401, 'missing, unknown, expired or revoked token', ['WWW-Authenticate']);
        add(403, 'the token or person may not do this');
        add(429, 'the token has used its requests for this window', ['Retry-After', 'RateLimit', 'RateLimit-Policy']);
      }
      // A path id, or an id in the body (a programme, a KPI) that is not in your organisation.
      if (hasBody || params.some((p) => p.in === 'path')) add(404, 'no such resource in your organisation, or a record the body refers to is not');
      if (hasBody) {
        add(413, 'the body is larger than the limit');
        add(415, 'the body is not in a media type this route reads', ['Accept-Post']);
      }
      if (header('if-match')) {
        add(412, 'the If-Match version is no longer current (or only weak tags were sent)');
        add(428, 'If-Match is required');
      }
      if (header('idempotency-key')) {
        add(409, 'a request with this Idempotency-Key is still in progress', ['Retry-After']);
        add(422, 'the Idempotency-Key was used with a different body');
      }
      add(503, 'the database is unavailable or the request timed out; retry', ['Retry-After']);
      for (const [status, response] of Object.entries(op.responses)) {
        if (status.startsWith('4') || status.startsWith('5')) {
          // A conflict or other error a controller declared in words only gets the shared schema too.
          if (!response.content) Object.assign(response, problemResponse(Number(status), response.description ?? '', limited));
          continue;
        }
        response.headers = { ...(response.headers ?? {}), 'X-Request-Id': headerRef('X-Request-Id'), ...(secured ? { RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimit-Policy') } : {}) };
        const schema = response.content?.['application/json']?.schema as Json | undefined;
        if (status === '201') response.headers.Location = headerRef('Location');
        if (schemaHasVersion(doc, schema)) response.headers.ETag = headerRef('ETag');
        if (header('idempotency-key')) response.headers['Idempotent-Replayed'] = headerRef('Idempotent-Replayed');
        if (op['x-sunset']) Object.assign(response.headers, { Deprecation: headerRef('Deprecation'), Sunset: headerRef('Sunset'), Link: headerRef('Link') });
      }
      void path;
    }
  }
  return doc;
}

function moveDefault(schema: Json, holder: { description?: string } & Json): void {
  if (!('default' in schema)) return;
  const text = `default ${JSON.stringify(schema.default)}`;
  holder.description = holder.description ? `${holder.description} (${text})` : text;
  delete schema.default;
}

function describeDefaults(schema: Json): void {
  for (const prop of Object.values((schema.properties as Record<string, Json> | undefined) ?? {})) moveDefault(prop, prop);
}

function schemaHasVersion(doc: OpenApiDocument, schema: Json | undefined): boolean {
  if (!schema) return false;
  const resolved = typeof schema.$ref === 'string' ? doc.components?.schemas?.[schema.$ref.split('/').pop() as string] : schema;
  return !!(resolved?.properties as Json | undefined)?.version;
}
