import { expectProblem, randomUuid, TestContext, TestOrg } from '@test/support/test-app';
import { insertDelivery, insertWebhook } from '@test/support/factories/integrations';

describe('webhook subscriptions', () => {
  let ctx: TestContext;
  let org: TestOrg;
  let other: TestOrg;

  beforeAll(async () => {
    ctx = await TestContext.start();
    org = await ctx.newOrganisation();
    other = await ctx.newOrganisation();
  });
  afterAll(() => ctx.close());

  const create = (token: string, body: Record<string, unknown>) => ctx.as(token).post('/v1/webhooks').send(body);
  const valid = { url: 'https://8.8.8.8/hooks/kpi', events: ['flag.raised', 'flag.resolved'], description: 'board alerts' };

  describe('POST /v1/webhooks', () => {
    it('creates a subscription and shows its secret once, never again', async () => {
      const res = await create(org.adminToken, valid).expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), url: valid.url, events: valid.events, description: 'board alerts', active: true, version: 1, deletedAt: null });
      expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(res.headers.etag).toBe('"1"');
      const stored = await ctx.db.query(`SELECT encode(secret, 'base64') AS key FROM webhooks WHERE id = $1`, [res.body.id]);
      expect(`whsec_${stored.rows[0].key}`).toBe(res.body.secret);

      const got = await ctx.as(org.adminToken).get(`/v1/webhooks/${res.body.id}`).expect(200);
      const listed = await ctx.as(org.adminToken).get('/v1/webhooks').expect(200);
      for (const text of [JSON.stringify(got.body), JSON.stringify(listed.body)]) {
        expect(text).not.toContain(res.body.secret.slice(6, 30));
        expect(text).not.toContain('"secret"');
      }
      expect(listed.body.data.map((w: { id: string }) => w.id)).toContain(res.body.id);
      const audit = await ctx.db.query(`SELECT after FROM audit_events WHERE entity_id = $1 AND action = 'webhook.created'`, [res.body.id]);
      expect(audit.rows).toHaveLength(1);
      expect(JSON.stringify(audit.rows[0].after)).not.toContain(res.body.secret.slice(6));
    });

    it('names an unknown event type', async () => {
      const body = expectProblem(await create(org.adminToken, { ...valid, events: ['flag.raised', 'flag.exploded'] }), 400);
      expect(body.errors).toEqual([{ field: 'events.1', message: expect.stringContaining('"flag.exploded" is not an event type') }]);
    });

    it.each([
      [{ url: 'http://8.8.8.8/hook' }, 'url', /https/],
      [{ url: 'https://user:pw@8.8.8.8/hook' }, 'url', /credentials/],
      [{ url: 'not a url' }, 'url', /absolute https URL/],
      [{ url: `https://8.8.8.8/${'a'.repeat(2050)}` }, 'url', /2048/],
      [{ events: [] }, 'events', /at least 1/],
      [{ events: 'flag.raised' }, 'events', /array/],
      [{ url: undefined }, 'url', /string/],
    ])('refuses %j', async (change, field, message) => {
      const body = expectProblem(await create(org.adminToken, { ...valid, ...change }), 400);
      expect(body.errors?.filter((e) => e.field === field && message.test(e.message))).not.toEqual([]);
    });

    it.each([
      ['https://127.0.0.1/hook', 'loopback'],
      ['https://10.1.2.3/hook', 'private'],
      ['https://192.168.0.10:8443/hook', 'private'],
      ['https://169.254.169.254/latest/meta-data', 'link-local'],
      ['https://100.64.1.1/hook', 'cgnat'],
      ['https://[::1]/hook', 'loopback'],
      ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
      ['https://[fd00::1]/hook', 'private'],
      ['https://localhost/hook', 'loopback'],
      ['https://0.0.0.0/hook', 'unspecified'],
    ])('refuses %s, which resolves to a %s address', async (url, reason) => {
      const body = expectProblem(await create(org.adminToken, { ...valid, url }), 400);
      expect(body.errors).toEqual([{ field: 'url', message: expect.stringContaining(`(${reason} address)`) }]);
      const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM webhooks WHERE url = $1`, [url]);
      expect(rows[0].n).toBe(0);
    });

    it('refuses a host that does not resolve', async () => {
      const body = expectProblem(await create(org.adminToken, { ...valid, url: 'https://no-such-host.invalid/hook' }), 400);
      expect(body.errors?.[0]).toMatchObject({ field: 'url', message: expect.stringContaining('does not resolve') });
    });

    it('needs the admin scope', async () => {
      const token = await ctx.token(org, ['portfolio:write', 'portfolio:read', 'governance:write']);
      expectProblem(await create(token, valid), 403);
      expectProblem(await ctx.as(token).get('/v1/webhooks'), 403);
    });
  });

  describe('reading, changing and deleting', () => {
    let id: string;
    beforeAll(async () => {
      id = (await create(org.adminToken, valid).expect(201)).body.id;
    });

    it('pages the list with a stable cursor', async () => {
      await create(org.adminToken, valid).expect(201);
      await create(org.adminToken, valid).expect(201);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await ctx
          .as(org.adminToken)
          .get(`/v1/webhooks?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        seen.push(...page.body.data.map((w) => w.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const { rows } = await ctx.db.query(`SELECT id FROM webhooks WHERE organisation_id = $1 AND deleted_at IS NULL`, [org.id]);
      expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('updates with If-Match: 428 without, 412 stale, 400 on a bad event, 200 otherwise', async () => {
      expectProblem(await ctx.as(org.adminToken).patch(`/v1/webhooks/${id}`).send({ events: ['rating.changed'] }), 428);
      expectProblem(await ctx.as(org.adminToken).patch(`/v1/webhooks/${id}`).set('if-match', '"7"').send({ events: ['rating.changed'] }), 412);
      const bad = expectProblem(await ctx.as(org.adminToken).patch(`/v1/webhooks/${id}`).set('if-match', '"1"').send({ events: ['rating.lowered'] }), 400);
      expect(bad.errors?.[0]).toMatchObject({ field: 'events.0', message: expect.stringContaining('rating.lowered') });
      expectProblem(await ctx.as(org.adminToken).patch(`/v1/webhooks/${id}`).set('if-match', '"1"').send({ url: 'https://10.0.0.5/x' }), 400);
      const res = await ctx.as(org.adminToken).patch(`/v1/webhooks/${id}`).set('if-match', '"1"').send({ events: ['rating.changed', 'spend_import.completed'], active: false }).expect(200);
      expect(res.body).toMatchObject({ events: ['rating.changed', 'spend_import.completed'], active: false, version: 2 });
      expect(res.headers.etag).toBe('"2"');
      expect(res.body.secret).toBeUndefined();
    });

    it('rotates the secret, showing the new one once', async () => {
      const before = await ctx.db.query(`SELECT secret FROM webhooks WHERE id = $1`, [id]);
      const res = await ctx.as(org.adminToken).post(`/v1/webhooks/${id}/rotate-secret`).expect(200);
      expect(res.body.secret).toMatch(/^whsec_/);
      const after = await ctx.db.query(`SELECT encode(secret, 'base64') AS key, secret FROM webhooks WHERE id = $1`, [id]);
      expect(after.rows[0].secret.equals(before.rows[0].secret)).toBe(false);
      expect(`whsec_${after.rows[0].key}`).toBe(res.body.secret);
    });

    it('lists deliveries newest first, filtered by status, with cursor paging', async () => {
      const older = await insertDelivery(ctx.db, org.id, id, { status: 'dead', attempts: 8, lastStatusCode: 500, createdAt: new Date(Date.now() - 60_000) });
      const newer = await insertDelivery(ctx.db, org.id, id, { status: 'succeeded', attempts: 1, lastStatusCode: 204 });
      const first = await ctx.as(org.adminToken).get(`/v1/webhooks/${id}/deliveries?limit=1`).expect(200);
      expect(first.body.data).toEqual([
        expect.objectContaining({ id: newer.id, eventId: newer.eventId, eventType: 'flag.raised', status: 'succeeded', attempts: 1, lastStatusCode: 204, nextAttemptAt: null }),
      ]);
      const second = await ctx.as(org.adminToken).get(`/v1/webhooks/${id}/deliveries?limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.data.map((d: { id: string }) => d.id)).toEqual([older.id]);
      expect(second.body.nextCursor).toBeNull();
      const dead = await ctx.as(org.adminToken).get(`/v1/webhooks/${id}/deliveries?status=dead`).expect(200);
      expect(dead.body.data.map((d: { id: string }) => d.id)).toEqual([older.id]);
      expectProblem(await ctx.as(org.adminToken).get(`/v1/webhooks/${id}/deliveries?status=lost`), 400);
      const detail = await ctx.as(org.adminToken).get(`/v1/webhooks/${id}/deliveries/${older.id}`).expect(200);
      expect(detail.body).toMatchObject({ id: older.id, body: { id: older.eventId }, attemptLog: [] });
    });

    it('deletes: gone from the list, still readable with its deliveries, no longer changeable', async () => {
      const res = await ctx.as(org.adminToken).delete(`/v1/webhooks/${id}`).expect(200);
      expect(res.body).toMatchObject({ id, active: false, deletedAt: expect.any(String) });
      await ctx.as(org.adminToken).delete(`/v1/webhooks/${id}`).expect(200);
      const listed = await ctx.as(org.adminToken).get('/v1/webhooks?limit=200').expect(200);
      expect(listed.body.data.map((w: { id: string }) => w.id)).not.toContain(id);
      await ctx.as(org.adminToken).get(`/v1/webhooks/${id}`).expect(200);
      expect((await ctx.as(org.adminToken).get(`/v1/webhooks/${id}/deliveries`).expect(200)).body.data).toHaveLength(2);
      const version = (await ctx.as(org.adminToken).get(`/v1/webhooks/${id}`)).body.version;
      expectProblem(await ctx.as(org.adminToken).patch(`/v1/webhooks/${id}`).set('if-match', `"${version}"`).send({ active: true }), 409);
      expectProblem(await ctx.as(org.adminToken).post(`/v1/webhooks/${id}/rotate-secret`), 409);
    });
  });

  describe("another organisation's webhook", () => {
    it('answers 404 exactly as for a random id, and changes nothing', async () => {
      const theirs = await insertWebhook(ctx.db, other.id, { events: ['flag.raised'] });
      const delivery = await insertDelivery(ctx.db, other.id, theirs.id);
      const before = await ctx.db.query(`SELECT * FROM webhooks WHERE id = $1`, [theirs.id]);
      const client = ctx.as(org.adminToken);
      for (const target of [theirs.id, randomUuid()]) {
        const responses = [
          await client.get(`/v1/webhooks/${target}`),
          await client.patch(`/v1/webhooks/${target}`).set('if-match', '"1"').send({ active: false }),
          await client.delete(`/v1/webhooks/${target}`),
          await client.post(`/v1/webhooks/${target}/rotate-secret`),
          await client.get(`/v1/webhooks/${target}/deliveries`),
          await client.get(`/v1/webhooks/${target}/deliveries/${delivery.id}`),
        ];
        for (const response of responses) expect(expectProblem(response, 404).detail).toMatch(/(webhook|delivery) was not found/);
      }
      expect((await client.get('/v1/webhooks?limit=200')).body.data.map((w: { id: string }) => w.id)).not.toContain(theirs.id);
      const after = await ctx.db.query(`SELECT * FROM webhooks WHERE id = $1`, [theirs.id]);
      expect(after.rows).toEqual(before.rows);
    });

    it('answers 404 for a delivery of another of my webhooks', async () => {
      const mine = await insertWebhook(ctx.db, org.id);
      const mySecond = await insertWebhook(ctx.db, org.id);
      const delivery = await insertDelivery(ctx.db, org.id, mine.id);
      expectProblem(await ctx.as(org.adminToken).get(`/v1/webhooks/${mySecond.id}/deliveries/${delivery.id}`), 404);
      await ctx.as(org.adminToken).get(`/v1/webhooks/${mine.id}/deliveries/${delivery.id}`).expect(200);
    });

    it('rejects a malformed id with 400', async () => {
      expectProblem(await ctx.as(org.adminToken).get('/v1/webhooks/not-a-uuid'), 400);
    });
  });
});
