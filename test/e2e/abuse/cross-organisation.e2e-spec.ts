import { randomUUID } from 'node:crypto';
import { TenantTx } from '@app/platform';
import { TestContext } from '@test/support/test-app';
import { buildWorld, digest, entityFor, FIELD_ENTITIES, fillPath, OpenApi, Operation, operationsOf, resolve, validBody, World } from './abuse-support';
import { ABUSE_CASES, send } from './abuse-cases';

/**
 * Another organisation's ids, in the path, the query, the body and nested items, for every route of
 * the OpenAPI document: the answer is the one a random id gets (404 where the route is reached), and
 * the other organisation's data does not change. Run three ways: with both walls, with the
 * application's own scoping alone (the api connected as a role that bypasses row-level security),
 * and with row-level security alone (TenantTx's organisation filter switched off).
 */
/**
 * Switches TenantTx's own organisation filter off (or back on) by patching it in this test
 * process, so row-level security is the only wall left. Production code has no such switch.
 */
type Scoping = { scoped: unknown; select: unknown };
const original: Scoping = { scoped: (TenantTx.prototype as unknown as Scoping).scoped, select: TenantTx.prototype.select };
function setTenantFilter(enabled: boolean): void {
  const proto = TenantTx.prototype as unknown as Scoping;
  if (enabled) {
    Object.assign(proto, original);
    return;
  }
  proto.scoped = (where: object) => where;
  proto.select = function (this: TenantTx, entity: never, alias: string) {
    return this.manager.createQueryBuilder(entity, alias).where('TRUE');
  };
}

const MODES = [
  ['application scoping and row-level security', {}, true],
  ['application scoping alone (BYPASSRLS role)', { useWorkerRole: true }, true],
  ['row-level security alone (no TenantTx filter)', {}, false],
] as const;

describe.each(MODES)('another organisation’s ids: %s', (_mode, options, filter) => {
  let ctx: TestContext;
  let doc: OpenApi;
  let ops: Operation[];
  let mine: World;
  let theirs: World;
  let before: string;

  beforeAll(async () => {
    ctx = await TestContext.start({ rateLimitRequests: 1_000_000 }, { apiRole: 'useWorkerRole' in options ? 'worker' : 'app' });
    doc = (await ctx.anonymous().get('/docs/openapi.json').expect(200)).body;
    ops = operationsOf(doc).filter((op) => ABUSE_CASES[op.key] && ABUSE_CASES[op.key] !== 'public');
    mine = await buildWorld(ctx, await ctx.newOrganisation());
    theirs = await buildWorld(ctx, await ctx.newOrganisation());
    before = await digest(ctx, theirs.org.id);
    setTenantFilter(filter);
  }, 60_000);
  afterAll(async () => {
    setTenantFilter(true);
    await ctx.close();
  });

  /** The answer with the id we sent (which an answer may echo) and the request id masked. */
  const strip = (r: { status: number; text: string }, sent: string) => {
    const text = r.text.split(sent).join('<ID>');
    let body: unknown = text;
    try {
      body = { ...JSON.parse(text), requestId: undefined, instance: undefined };
    } catch {
      /* CSV */
    }
    return { status: r.status, body };
  };

  it('answers their ids in the path exactly as a random id: 404, nothing changed', async () => {
    const checked: string[] = [];
    // Deletions last, so they do not take away what other routes point at.
    for (const op of [...ops].sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'))) {
      const idParams = op.pathParams.filter((p) => entityFor(op.path, p));
      if (idParams.length === 0) continue;
      const body = op.bodySchema ? validBody(doc, op, mine) : undefined;
      for (const param of idParams) {
        const entity = entityFor(op.path, param) as string;
        const url = (swap: string) => fillPath(op, mine, { [param]: swap });
        const randomId = randomUUID();
        const foreign = await send(ctx, op, mine.org.adminToken, url(theirs.ids[entity]), body);
        const random = await send(ctx, op, mine.org.adminToken, url(randomId), body);
        expect({ op: op.key, param, ...strip(foreign, theirs.ids[entity]) }).toEqual({ op: op.key, param, ...strip(random, randomId) });
        // Where our own id works, theirs must be a plain 404 (not a 400 that happens to match).
        if (op.method !== 'delete') {
          const own = await send(ctx, op, mine.org.adminToken, url(mine.ids[entity]), body);
          if (own.status < 300) expect({ op: op.key, param, status: foreign.status }).toEqual({ op: op.key, param, status: 404 });
        }
        checked.push(`${op.key} ${param}`);
      }
    }
    expect(checked.length).toBeGreaterThan(40);
    expect(await digest(ctx, theirs.org.id)).toBe(before);
  }, 120_000);

  it('answers their ids in bodies and nested items as a random id, and stores nothing of theirs', async () => {
    const checked: string[] = [];
    for (const op of ops.filter((o) => o.bodySchema)) {
      const base = validBody(doc, op, mine);
      for (const path of idPaths(doc, op, base)) {
        const entity = FIELD_ENTITIES[path[path.length - 1]];
        const randomId = randomUUID();
        const url = fillPath(op, mine);
        const foreign = await send(ctx, op, mine.org.adminToken, url, setAt(base, path, theirs.ids[entity]));
        const random = await send(ctx, op, mine.org.adminToken, url, setAt(base, path, randomId));
        expect({ op: op.key, field: path.join('.'), ...strip(foreign, theirs.ids[entity]) }).toEqual({ op: op.key, field: path.join('.'), ...strip(random, randomId) });
        expect({ op: op.key, field: path.join('.'), ok: foreign.status < 300 && !Array.isArray((foreign.body as { results?: unknown }).results) }).toEqual({ op: op.key, field: path.join('.'), ok: false });
        checked.push(`${op.key} ${path.join('.')}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['POST /v1/kpis projectId', 'POST /v1/spend/batch items.0.projectId', 'POST /v1/kpis/measurements/batch items.0.kpiId', 'POST /v1/engagements groupId']));
    expect(await digest(ctx, theirs.org.id)).toBe(before);
  }, 120_000);

  it('answers their ids in query filters as a random id (an empty page, not their rows)', async () => {
    const checked: string[] = [];
    for (const op of ops.filter((o) => o.method === 'get')) {
      for (const q of op.query.filter((p) => FIELD_ENTITIES[p.name])) {
        const entity = FIELD_ENTITIES[q.name];
        const url = (id: string) => `${fillPath(op, mine)}?${q.name}=${id}`;
        const randomId = randomUUID();
        const foreign = await send(ctx, op, mine.org.adminToken, url(theirs.ids[entity]));
        const random = await send(ctx, op, mine.org.adminToken, url(randomId));
        expect({ op: op.key, q: q.name, ...strip(foreign, theirs.ids[entity]) }).toEqual({ op: op.key, q: q.name, ...strip(random, randomId) });
        expect(foreign.text).not.toContain(theirs.ids[entity]);
        checked.push(`${op.key} ${q.name}`);
      }
    }
    expect(checked.length).toBeGreaterThan(15);
    expect(await digest(ctx, theirs.org.id)).toBe(before);
  }, 60_000);
});

/** Paths to every *Id field of a body, nested items included. */
function idPaths(doc: OpenApi, op: Operation, body: Record<string, unknown>): string[][] {
  const out: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, String(i)]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    else if (path.length && FIELD_ENTITIES[path[path.length - 1]] && typeof value === 'string') out.push(path);
  };
  void resolve(doc, op.bodySchema ?? {});
  walk(body, []);
  return out;
}

function setAt(body: Record<string, unknown>, path: string[], value: string): Record<string, unknown> {
  const copy = structuredClone(body);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

