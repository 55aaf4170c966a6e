import { expectProblem, TestContext, TestOrg } from '@test/support/test-app';

/** RFC 9110 semantics every route gets from the platform, not from its controller. */
describe('HTTP semantics', () => {
  let ctx: TestContext;
  let org: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  const programme = async (code: string) => (await ctx.as(org.adminToken).post('/v1/programmes').send({ code, name: `Programme ${code}` }).expect(201)).body as { id: string; version: number };

  it('answers a known path asked with the wrong method with 405 and Allow', async () => {
    const created = await programme('M-1');
    const res = await ctx.as(org.adminToken).delete(`/v1/programmes/${created.id}`);
    const body = expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, HEAD, PATCH');
    expect(body.code).toBe('method_not_allowed');
    expect(expectProblem(await ctx.as(org.adminToken).put('/v1/programmes'), 405).code).toBe('method_not_allowed');
    expect((await ctx.as(org.adminToken).put('/v1/programmes')).headers.allow).toBe('GET, HEAD, POST');
    // An unknown path stays 404.
    expect(expectProblem(await ctx.as(org.adminToken).delete('/v1/no-such-thing'), 404).code).toBe('not_found');
  });

  it('refuses a body in a media type the route does not read with 415, before validating it', async () => {
    const res = await ctx.as(org.adminToken).post('/v1/programmes').set('content-type', 'text/plain').send('{"code":"T","name":"T"}');
    const body = expectProblem(res, 415);
    expect(body.code).toBe('unsupported_media_type');
    expect(body.errors).toBeUndefined();
    expectProblem(await ctx.as(org.adminToken).post('/v1/programmes').set('content-type', 'application/x-www-form-urlencoded').send('code=T&name=T'), 415);
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM programmes WHERE organisation_id = $1 AND code = 'T'`, [org.id])).rows[0].n).toBe(0);
  });

  it('answers 201 with Location pointing at the new resource', async () => {
    const res = await ctx.as(org.adminToken).post('/v1/programmes').send({ code: 'L-1', name: 'Located' }).expect(201);
    expect(res.headers.location).toBe(`/v1/programmes/${res.body.id}`);
    await ctx.as(org.adminToken).get(res.headers.location).expect(200);
  });

  it('parses integers strictly: digits only', async () => {
    for (const limit of ['0x10', ' 10', '1e1', '10.0', '', '+5', '-1', '0']) {
      const body = expectProblem(await ctx.as(org.adminToken).get(`/v1/programmes?limit=${encodeURIComponent(limit)}`), 400);
      expect(body.errors?.map((e) => e.field)).toEqual(['limit']);
    }
    await ctx.as(org.adminToken).get('/v1/programmes?limit=10').expect(200);
  });

  it('refuses a JSON body that repeats a key, or is not UTF-8, and stores nothing', async () => {
    const dup = expectProblem(await ctx.as(org.adminToken).post('/v1/programmes').set('content-type', 'application/json').send('{"code":"D-1","name":"One","name":"Two"}'), 400);
    expect(dup.code).toBe('duplicate_json_key');
    expect(dup.detail).toContain('"name"');
    // Raw bytes: supertest would serialise a Buffer as JSON.
    const raw = (payload: Buffer) => ctx.app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/v1/programmes', payload, headers: { authorization: `Bearer ${org.adminToken}`, 'content-type': 'application/json' } });
    const bad = await raw(Buffer.concat([Buffer.from('{"code":"U-1","name":"Caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_utf8');
    expect((await ctx.db.query(`SELECT count(*)::int AS n FROM programmes WHERE organisation_id = $1 AND code IN ('D-1', 'U-1')`, [org.id])).rows[0].n).toBe(0);
    // Proper UTF-8 is kept exactly.
    const ok = await raw(Buffer.from('{"code":"U-2","name":"Café ✓"}', 'utf8'));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().name).toBe('Café ✓');
  });

  it('signs cursors: an issued one pages on, an edited or made-up one is 400', async () => {
    for (const code of ['C-1', 'C-2', 'C-3']) await programme(code);
    const first = await ctx.as(org.adminToken).get('/v1/programmes?limit=1').expect(200);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toMatch(/\./);
    const second = await ctx.as(org.adminToken).get(`/v1/programmes?limit=1&cursor=${cursor}`).expect(200);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    const [payload] = cursor.split('.');
    const forgedPayload = Buffer.from(JSON.stringify(JSON.parse(Buffer.from(payload, 'base64url').toString()).map((v: unknown) => (typeof v === 'string' ? `${v}x` : v)))).toString('base64url');
    const forged = `${forgedPayload}.${cursor.split('.')[1]}`;
    expect(expectProblem(await ctx.as(org.adminToken).get(`/v1/programmes?cursor=${forged}`), 400).code).toBe('invalid_cursor');
    expectProblem(await ctx.as(org.adminToken).get(`/v1/programmes?cursor=${payload}`), 400);
    // An empty cursor is the first page.
    expect((await ctx.as(org.adminToken).get('/v1/programmes?limit=1&cursor=').expect(200)).body.data[0].id).toBe(first.body.data[0].id);
  });

  it('handles If-Match strong, weak, listed and * forms as RFC 9110 says', async () => {
    const p = await programme('IM-1');
    const patch = (ifMatch: string, name: string) => ctx.as(org.adminToken).patch(`/v1/programmes/${p.id}`).set('if-match', ifMatch).send({ name });
    // A weak tag never matches under the strong comparison If-Match uses.
    expect(expectProblem(await patch('W/"1"', 'weak'), 412).code).toBe('version_mismatch');
    const strong = await patch('"1"', 'strong').expect(200);
    expect(strong.headers.etag).toBe('"2"');
    expect(expectProblem(await patch('"1"', 'stale'), 412).currentVersion).toBe(2);
    await patch('W/"2", "2"', 'listed').expect(200);
    await patch('*', 'any').expect(200);
    expect(expectProblem(await patch('three', 'x'), 400).code).toBe('invalid_if_match');
    const stored = await ctx.as(org.adminToken).get(`/v1/programmes/${p.id}`).expect(200);
    expect(stored.body).toMatchObject({ name: 'any', version: 4 });
  });

  it('refuses dates and periods that do not exist', async () => {
    const token = expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'Feb', scopes: ['portfolio:read'], expiresAt: '2027-02-30T00:00:00Z' }), 400);
    expect(token.errors?.map((e) => e.field)).toEqual(['expiresAt']);
    expectProblem(await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'Feb', scopes: ['portfolio:read'], expiresAt: '2027-02-28' }), 400);
    const good = await ctx.as(org.adminToken).post('/v1/tokens').send({ name: 'Feb', scopes: ['portfolio:read'], expiresAt: '2027-02-28T12:00:00+01:00' }).expect(201);
    expect(good.body.expiresAt ?? good.body.token?.expiresAt).toBe('2027-02-28T11:00:00.000Z');
    expect(expectProblem(await ctx.as(org.adminToken).get('/v1/portfolio?period=0000-01'), 400).errors?.map((e) => e.field)).toEqual(['period']);
    expectProblem(await ctx.as(org.adminToken).post('/v1/programmes').send({ code: 'DT-1', name: 'Dates', startDate: '2026-02-29' }), 400);
  });

  it('refuses names made only of whitespace or control characters', async () => {
    for (const name of ['   ', '\t\n', '\u0000\u0001', 'A\u0007B', '\u200b']) {
      const body = expectProblem(await ctx.as(org.adminToken).post('/v1/programmes').send({ code: 'N-1', name }), 400);
      expect(body.errors?.map((e) => e.field)).toEqual(['name']);
    }
  });
});
