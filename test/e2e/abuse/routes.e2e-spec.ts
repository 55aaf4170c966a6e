import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { SCOPES, hasScope, Scope } from '@app/platform';
import { TestContext } from '@test/support/test-app';
import { buildWorld, digest, fillPath, OpenApi, Operation, operationsOf, resolve, Schema, World } from './abuse-support';
import { ABUSE_CASES, send, Sent } from './abuse-cases';

const FUZZ_RUNS = 200;
/** Refusals that depend on the person behind a token (their role, or that there is one), not on its scopes. */
const PERSON_REFUSALS = ['submitter_required', 'approver_required', 'person_required'];
const PARALLEL = 25;
const LEAK = /(\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+|\.js:\d+|QueryFailedError|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.+\bSET\b|duplicate key value|violates .* constraint|relation "\w+")/;

/**
 * The route table, abused: every scope against every route, forbidden extra fields, fuzzed inputs
 * from the request schemas, and oversized input. Generated from the OpenAPI document, so a new
 * route is covered as soon as it is listed in ABUSE_CASES (and the suite fails until it is).
 */
describe('abuse of every route', () => {
  let ctx: TestContext;
  let doc: OpenApi;
  let ops: Operation[];
  let world: World;
  const tokens = new Map<Scope, string>();

  beforeAll(async () => {
    ctx = await TestContext.start({ rateLimitRequests: 1_000_000, uploadLimitBytes: 64 * 1024 });
    doc = (await ctx.anonymous().get('/docs/openapi.json').expect(200)).body;
    ops = operationsOf(doc).filter((op) => ABUSE_CASES[op.key] !== 'public');
    world = await buildWorld(ctx, await ctx.newOrganisation());
    for (const scope of SCOPES) tokens.set(scope, await ctx.token(world.org, [scope]));
  }, 60_000);
  afterAll(() => ctx.close());

  it('has a case for every operation of the OpenAPI document and every API route of the route table, and none left over', () => {
    const documented = operationsOf(doc).map((op) => op.key);
    expect(documented.filter((key) => !ABUSE_CASES[key])).toEqual([]);
    expect(Object.keys(ABUSE_CASES).filter((key) => !documented.includes(key))).toEqual([]);
    // Every /v1 route Nest serves is in the document (so none escapes the suite by being undocumented).
    const served: string[] = [];
    for (const module of ctx.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
        if (!type) continue;
        const base = Reflect.getMetadata(PATH_METADATA, type) as string;
        for (const name of Object.getOwnPropertyNames(type.prototype)) {
          const handler = type.prototype[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          const method = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'][Reflect.getMetadata(METHOD_METADATA, handler) as number];
          const path = `/${base}/${Reflect.getMetadata(PATH_METADATA, handler)}`.replace(/\/+/g, '/').replace(/\/$/, '').replace(/:(\w+)/g, '{$1}');
          if (path.startsWith('/v1')) served.push(`${method} ${path}`);
        }
      }
    }
    expect(served.filter((key) => !documented.includes(key))).toEqual([]);
  });

  it('lets every scope through exactly where it is allowed: 403 elsewhere, before anything is read or stored', async () => {
    const results: string[] = [];
    const jobs = ops.flatMap((op) => SCOPES.map((scope) => ({ op, scope })));
    await inBatches(jobs, async ({ op, scope }) => {
      expect({ op: op.key, declared: op.scope !== null }).toEqual({ op: op.key, declared: true });
      const required = (op.scope as string).replace(/ scope$/, '') as Scope;
      const response = await send(ctx, op, tokens.get(scope) as string, fillPath(op, world), op.bodySchema ? {} : undefined);
      const allowed = hasScope([scope], required);
      if (!allowed) expect({ op: op.key, scope, status: response.status, code: (response.body as { code?: string }).code }).toEqual({ op: op.key, scope, status: 403, code: 'insufficient_scope' });
      else {
        // Past the scope, some routes ask who the caller is: a token with no person may not sign a status report off or have email preferences.
        const byRole = response.status === 403 && PERSON_REFUSALS.includes((response.body as { code?: string }).code as string);
        expect({ op: op.key, scope, refused: [401, 403].includes(response.status) && !byRole }).toEqual({ op: op.key, scope, refused: false });
      }
      results.push(`${op.key} ${scope} ${response.status}`);
    });
    expect(results).toHaveLength(ops.length * SCOPES.length);
  }, 120_000);

  it('refuses organisationId, id, version, createdAt and status where they are not inputs: 400 naming the field, nothing stored', async () => {
    const before = await digest(ctx, world.org.id);
    const checked: string[] = [];
    for (const op of ops.filter((o) => o.bodySchema)) {
      const schema = resolve(doc, op.bodySchema as Schema);
      for (const field of ['organisationId', 'id', 'version', 'createdAt', 'status']) {
        if (schema.properties?.[field]) continue;
        const response = await send(ctx, op, world.org.adminToken, fillPath(op, world), { [field]: field === 'version' ? 1 : field === 'organisationId' || field === 'id' ? randomUUID() : 'x' });
        const body = response.body as { errors?: { field: string }[] };
        expect({ op: op.key, field, status: response.status, named: body.errors?.some((e) => e.field === field) }).toEqual({ op: op.key, field, status: 400, named: true });
        checked.push(`${op.key} ${field}`);
      }
    }
    expect(checked.length).toBeGreaterThan(150);
    expect(await digest(ctx, world.org.id)).toBe(before);
  }, 120_000);

  it(`survives ${FUZZ_RUNS} fuzzed requests per route from its schemas: never 5xx, always problem+json, nothing leaked, answers match the document`, async () => {
    const failures: string[] = [];
    let total = 0;
    for (const [index, op] of ops.entries()) {
      const samples = fc.sample(requestArbitrary(doc, op, world), { numRuns: FUZZ_RUNS, seed: 9000 + index });
      await inBatches(samples, async (sample) => {
        total++;
        const response = await send(ctx, op, world.org.adminToken, sample.url, sample.body, sample.headers);
        const problem = check(doc, op, response);
        if (problem) failures.push(`${op.key} ${sample.url} ${JSON.stringify(sample.body)} -> ${response.status}: ${problem}`);
      });
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(ops.length * FUZZ_RUNS);
    // Every route of the document, fuzzed: the allowance grows with the API (the accountability routes added some forty).
  }, 600_000);

  describe('resource limits', () => {
    const memory = () => process.memoryUsage().heapUsed;

    it('refuses a huge body (413), deep JSON (400), a page of a million (400) and an oversized CSV (413), quickly and with memory flat', async () => {
      const objectives = ops.find((o) => o.key === 'POST /v1/objectives') as Operation;
      const heap = memory();
      for (let i = 0; i < 5; i++) {
        const huge = await send(ctx, objectives, world.org.adminToken, '/v1/objectives', `{"code":"X","title":"${'a'.repeat(3 * 1024 * 1024)}"}`);
        expect(huge.status).toBe(413);
        expect(huge.headers['content-type']).toMatch(/problem\+json/);
      }
      const deep = await send(ctx, objectives, world.org.adminToken, '/v1/objectives', `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
      expect(deep.status).toBe(400);
      const deepObject = await send(ctx, objectives, world.org.adminToken, '/v1/objectives', `{"code":"X","title":"t","description":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`);
      expect(deepObject.status).toBe(400);
      for (const op of ops.filter((o) => o.method === 'get' && o.query.some((q) => q.name === 'limit'))) {
        const response = await send(ctx, op, world.org.adminToken, `${fillPath(op, world)}?limit=1000000`);
        expect({ op: op.key, status: response.status, field: (response.body as { errors?: { field: string }[] }).errors?.[0]?.field }).toEqual({ op: op.key, status: 400, field: 'limit' });
      }
      const csv = Buffer.alloc(256 * 1024, 'Invoice Date,Net Amount\n14/05/2026,1.00\n');
      const upload = await ctx
        .as(world.org.adminToken)
        .post('/v1/spend/imports')
        .field('mapping', JSON.stringify({ columns: { spentOn: 'Invoice Date', amount: 'Net Amount' }, defaults: { projectId: world.ids.project, supplier: 'x', category: 'resource', costType: 'other' } }))
        .attach('file', csv, 'big.csv');
      expect(upload.status).toBe(413);
      expect(upload.headers['content-type']).toMatch(/problem\+json/);
      global.gc?.();
      // Flat: 15 MB of refused input must not stay on the heap (generous bound: the test process itself allocates).
      expect(memory() - heap).toBeLessThan(64 * 1024 * 1024);
      expect((await ctx.db.query(`SELECT count(*)::int AS n FROM spend_imports WHERE organisation_id = $1`, [world.org.id])).rows[0].n).toBe(1);
    }, 60_000);
  });
});

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(work));
}

/** What a response must be, whatever was sent; a string says what is wrong. */
function check(doc: OpenApi, op: Operation, response: Sent): string | null {
  if (response.status >= 500) return 'server error';
  if (LEAK.test(response.text)) return `leaks internals: ${LEAK.exec(response.text)?.[0]}`;
  const type = String(response.headers['content-type'] ?? '');
  if (response.status >= 400) {
    if (!type.startsWith('application/problem+json')) return `error without problem+json (${type})`;
    const body = response.body as { status?: number; title?: unknown; type?: unknown };
    if (body.status !== response.status || typeof body.title !== 'string' || typeof body.type !== 'string') return 'malformed problem';
    return null;
  }
  const declared = op.responses[String(response.status)];
  if (!declared) return `status ${response.status} is not in the document`;
  const schema = declared.content?.['application/json']?.schema;
  if (schema && type.startsWith('application/json')) return conforms(doc, schema, response.body, '$');
  return null;
}

/** A small validator for what our documents say: types, required properties, enums, items. */
function conforms(doc: OpenApi, raw: Schema, value: unknown, at: string): string | null {
  const schema = resolve(doc, raw);
  // `nullable` may sit beside an `allOf: [$ref]` (a nullable nested object), which resolve() steps into.
  if (value === null) return raw.nullable || schema.nullable || schema.type === undefined ? null : `${at} is null`;
  if (schema.enum && !schema.enum.includes(value)) return `${at} is not one of the enum`;
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return `${at} is not an object`;
      for (const key of schema.required ?? []) if (!(key in (value as object))) return `${at}.${key} is missing`;
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        const v = (value as Record<string, unknown>)[key];
        if (v !== undefined) {
          const problem = conforms(doc, prop, v, `${at}.${key}`);
          if (problem) return problem;
        }
      }
      return null;
    }
    case 'array':
      if (!Array.isArray(value)) return `${at} is not an array`;
      for (const [i, v] of value.entries()) {
        const problem = schema.items ? conforms(doc, schema.items, v, `${at}[${i}]`) : null;
        if (problem) return problem;
      }
      return null;
    case 'string':
      return typeof value === 'string' ? null : `${at} is not a string`;
    case 'integer':
    case 'number':
      return typeof value === 'number' ? null : `${at} is not a number`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${at} is not a boolean`;
    default:
      return null;
  }
}

interface FuzzRequest {
  url: string;
  body?: unknown;
  headers: Record<string, string>;
}

/** Requests built from the operation's schemas: mostly plausible, often wrong in one place, sometimes junk. */
function requestArbitrary(doc: OpenApi, op: Operation, world: World): fc.Arbitrary<FuzzRequest> {
  const ownIds = Object.values(world.ids);
  const idish = fc.oneof(fc.constantFrom(...ownIds), fc.uuid(), fc.string({ maxLength: 40 }), fc.constant('00000000-0000-0000-0000-000000000000'));
  const pathParam = fc.oneof(idish, fc.constantFrom('2026-05-14', '2026-13-45', 'jira', '..', '%00', 'a'.repeat(300)));
  const params = fc.tuple(...op.pathParams.map(() => pathParam), fc.constant(null));
  const query = fc.tuple(...op.query.map((q) => fc.option(valueFor(doc, q.schema, q.name, idish, 1).map(String), { nil: undefined })), fc.constant(null));
  const body = op.bodySchema ? fc.oneof({ weight: 4, arbitrary: valueFor(doc, op.bodySchema, '', idish, 0) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }) : fc.constant(undefined);
  return fc.record({ params, query, body, key: fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })), ifMatch: fc.oneof(fc.constant('"1"'), fc.string({ maxLength: 12 })) }).map(({ params, query, body, key, ifMatch }) => {
    let i = 0;
    const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(String(params[i++])));
    const search = op.query
      .map((q, j) => (query[j] === undefined ? null : `${encodeURIComponent(q.name)}=${encodeURIComponent(query[j] as string)}`))
      .filter(Boolean)
      .join('&');
    const safeKey = /^[\x21-\x7e]*$/.test(key) ? key : encodeURIComponent(key);
    return { url: search ? `${path}?${search}` : path, body, headers: { 'idempotency-key': safeKey || 'k', 'if-match': /^[\x20-\x7e]*$/.test(ifMatch) ? ifMatch : '"1"' } };
  });
}

function valueFor(doc: OpenApi, raw: Schema, name: string, idish: fc.Arbitrary<string>, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const junk = fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.string({ maxLength: 30 }), fc.boolean(), fc.constant(''), fc.constant([]), fc.constant({}));
  let plausible: fc.Arbitrary<unknown>;
  if (/Id$/.test(name) || schema.format === 'uuid') plausible = idish;
  else if (schema.enum) plausible = fc.constantFrom(...schema.enum);
  else if (schema.type === 'object' || schema.properties) {
    if (depth > 3) return fc.constant({});
    const entries = Object.entries(schema.properties ?? {}).map(([key, prop]) => [key, valueFor(doc, prop, key, idish, depth + 1)] as const);
    plausible = fc.record(Object.fromEntries(entries), { requiredKeys: [] });
  } else if (schema.type === 'array') plausible = fc.array(valueFor(doc, schema.items ?? {}, name.replace(/s$/, ''), idish, depth + 1), { maxLength: 3 });
  else if (schema.type === 'integer' || schema.type === 'number') plausible = fc.oneof(fc.integer({ min: -5, max: 1_000_001 }), fc.double({ noNaN: false }), fc.constant(schema.minimum ?? 0), fc.constant(schema.maximum ?? 1e9));
  else if (schema.type === 'boolean') plausible = fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes'));
  else {
    const examples = schema.example !== undefined ? [String(schema.example)] : [];
    plausible = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('2026-05-14', '2026-02-30', '14/05/2026', '1234.50', '-1', '1e9', '0.001', "'; DROP TABLE projects; --", '=HYPERLINK("x")', ...examples),
      fc.string({ minLength: (schema.maxLength ?? 200) + 1, maxLength: (schema.maxLength ?? 200) + 2 }),
    );
  }
  return fc.oneof({ weight: 5, arbitrary: plausible }, { weight: 1, arbitrary: junk });
}
