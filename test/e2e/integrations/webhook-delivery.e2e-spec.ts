import { INestApplicationContext } from '@nestjs/common';
import { Db, DomainEventPayload, emitEvent, QUEUES, systemActor } from '@app/platform';
import { AUTO_DISABLE_AFTER_DEAD, MAX_DELIVERY_ATTEMPTS, verify, WebhookDispatcher } from '@app/integrations';
import { TestContext, testConfig, TestOrg } from '@test/support/test-app';
import { startReceiver } from '@test/support/factories/integrations';
import { obliterate, startWorker, waitFor } from '@test/support/test-worker';
import { WebhooksProcessor } from '../../../apps/worker/src/integrations/webhooks.processor';

/**
 * The whole path: an area emits an event in its transaction, the relay moves it to Bull, the
 * worker fans it out and delivers it, signed, to a receiver on 127.0.0.1 (the SSRF guard is relaxed
 * for this test only) that fails twice before accepting.
 */
describe('webhook delivery', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let org: TestOrg;
  const receivers: { close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    ctx = await TestContext.start({ webhookAllowPrivateTargets: true });
    worker = await startWorker(testConfig(ctx.database, { webhookAllowPrivateTargets: true, outboxPollMs: 100, webhookRetryBaseMs: 50 }));
    org = await ctx.newOrganisation();
  });
  afterAll(async () => {
    await obliterate(worker, Object.values(QUEUES));
    await worker.close();
    for (const receiver of receivers) await receiver.close();
    await ctx.close();
  });

  const emit = (type: Parameters<typeof emitEvent>[1], data: Record<string, unknown>) => ctx.app.get(Db).tenant(systemActor(org.id, 'test'), (tx) => emitEvent(tx, type, data));

  const subscribe = async (url: string, events: string[]) => (await ctx.as(org.adminToken).post('/v1/webhooks').send({ url, events }).expect(201)).body as { id: string; secret: string };

  it('signs as Standard Webhooks, retries after 500s with backoff, and logs every attempt', async () => {
    const receiver = await startReceiver((n) => (n < 2 ? { status: 500, body: `boom ${n}` } : { status: 200, body: 'thanks' }));
    receivers.push(receiver);
    const hook = await subscribe(`${receiver.url}/hooks/kpi`, ['flag.raised']);
    const unrelated = await subscribe(`${receiver.url}/hooks/other`, ['flag.resolved']);

    const eventId = await emit('flag.raised', { flagId: 'f-1', rule: 'no_user_feedback', severity: 'high' });

    await waitFor(async () => (await ctx.db.query(`SELECT status FROM webhook_deliveries WHERE event_id = $1`, [eventId])).rows[0]?.status === 'succeeded', 15_000);

    expect(receiver.requests).toHaveLength(3);
    const timestamps: number[] = [];
    for (const request of receiver.requests) {
      expect(request.path).toBe('/hooks/kpi');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['webhook-id']).toBe(eventId);
      const timestamp = Number(request.headers['webhook-timestamp']);
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(300);
      timestamps.push(timestamp);
      expect(verify(hook.secret, eventId, timestamp, request.body, String(request.headers['webhook-signature']))).toBe(true);
      // A different secret (another subscription's) does not verify: the signature is per endpoint.
      expect(verify(unrelated.secret, eventId, timestamp, request.body, String(request.headers['webhook-signature']))).toBe(false);
      expect(JSON.parse(request.body)).toEqual({ id: eventId, type: 'flag.raised', timestamp: expect.any(String), data: { flagId: 'f-1', rule: 'no_user_feedback', severity: 'high' } });
    }
    // The same bytes every time: receivers can deduplicate on webhook-id.
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);

    const log = await ctx.as(org.adminToken).get(`/v1/webhooks/${hook.id}/deliveries`).expect(200);
    expect(log.body.data).toEqual([
      expect.objectContaining({ eventId, eventType: 'flag.raised', status: 'succeeded', attempts: 3, lastStatusCode: 200, lastResponseSnippet: 'thanks', nextAttemptAt: null, deliveredAt: expect.any(String) }),
    ]);
    const detail = await ctx.as(org.adminToken).get(`/v1/webhooks/${hook.id}/deliveries/${log.body.data[0].id}`).expect(200);
    expect(detail.body.attemptLog.map((a: { attempt: number; statusCode: number; succeeded: boolean; responseSnippet: string }) => [a.attempt, a.statusCode, a.succeeded, a.responseSnippet])).toEqual([
      [1, 500, false, 'boom 0'],
      [2, 500, false, 'boom 1'],
      [3, 200, true, 'thanks'],
    ]);
    // A delivery job that runs again (a redelivered Bull job) sends nothing more.
    expect(await worker.get(WebhookDispatcher).attempt(org.id, log.body.data[0].id, 3)).toBeNull();
    expect(await worker.get(WebhookDispatcher).attempt(org.id, log.body.data[0].id, 2)).toBeNull();
    expect(receiver.requests).toHaveLength(3);
    // Only the subscription to this event type got a delivery.
    expect((await ctx.as(org.adminToken).get(`/v1/webhooks/${unrelated.id}/deliveries`).expect(200)).body.data).toEqual([]);
    const webhook = await ctx.as(org.adminToken).get(`/v1/webhooks/${hook.id}`).expect(200);
    expect(webhook.body).toMatchObject({ active: true, consecutiveFailures: 0, lastSuccessAt: expect.any(String) });
  });

  it('does not duplicate deliveries when the fan-out runs again for the same event', async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    receivers.push(receiver);
    await subscribe(`${receiver.url}/again`, ['rating.changed']);
    const eventId = await emit('rating.changed', { projectId: 'p-1', from: 'amber', to: 'red' });
    await waitFor(async () => (await ctx.db.query(`SELECT status FROM webhook_deliveries WHERE event_id = $1`, [eventId])).rows[0]?.status === 'succeeded', 15_000);
    const payload: DomainEventPayload = { eventId, type: 'rating.changed', occurredAt: new Date().toISOString(), data: {} };
    expect(await worker.get(WebhookDispatcher).fanOut(org.id, payload)).toEqual([]);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE event_id = $1`, [eventId]);
    expect(rows[0].n).toBe(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it('never follows a redirect: a 3xx is a failure, and after the last attempt the delivery is dead', async () => {
    const target = await startReceiver(() => ({ status: 200 }));
    const redirecting = await startReceiver(() => ({ status: 302, headers: { location: `${target.url}/internal` } }));
    receivers.push(target, redirecting);
    const hook = await subscribe(`${redirecting.url}/hook`, ['spend_import.completed']);
    // A second subscription that has already had AUTO_DISABLE_AFTER_DEAD - 1 dead deliveries in a row.
    const failing = await subscribe(`${redirecting.url}/failing`, ['spend_import.completed']);
    await ctx.db.query(`UPDATE webhooks SET consecutive_failures = $2 WHERE id = $1`, [failing.id, AUTO_DISABLE_AFTER_DEAD - 1]);
    const eventId = await emit('spend_import.completed', { importId: 'i-1', importedRows: 10 });
    await waitFor(async () => (await ctx.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE event_id = $1 AND status = 'dead'`, [eventId])).rows[0].n === 2, 25_000);
    expect(target.requests).toHaveLength(0);
    expect(redirecting.requests.filter((r) => r.path === '/hook')).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    const delivery = (await ctx.as(org.adminToken).get(`/v1/webhooks/${hook.id}/deliveries`).expect(200)).body.data[0];
    expect(delivery).toMatchObject({ status: 'dead', attempts: 8, lastStatusCode: 302, lastError: expect.stringContaining('not followed'), nextAttemptAt: null });
    const webhook = await ctx.as(org.adminToken).get(`/v1/webhooks/${hook.id}`).expect(200);
    expect(webhook.body).toMatchObject({ consecutiveFailures: 1, totalFailures: 1, active: true, disabledReason: null });
    // The subscription that kept failing is switched off, with the reason shown and audited.
    const disabled = await ctx.as(org.adminToken).get(`/v1/webhooks/${failing.id}`).expect(200);
    expect(disabled.body).toMatchObject({ active: false, consecutiveFailures: AUTO_DISABLE_AFTER_DEAD, disabledReason: expect.stringContaining('switched off') });
    const audit = await ctx.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'webhook.disabled'`, [failing.id]);
    expect(audit.rows[0].n).toBe(1);
    // Switching it back on starts the count afresh.
    const resumed = await ctx.as(org.adminToken).patch(`/v1/webhooks/${failing.id}`).set('if-match', `"${disabled.body.version}"`).send({ active: true }).expect(200);
    expect(resumed.body).toMatchObject({ active: true, consecutiveFailures: 0, disabledReason: null });
  });

  it('re-enqueues a delivery whose follow-up never reached Redis', async () => {
    const receiver = await startReceiver(() => ({ status: 204, body: '' }));
    receivers.push(receiver);
    const hook = await subscribe(`${receiver.url}/hooks/swept`, ['rating.changed']);
    // As if attempt 1 failed and the follow-up job was lost while Redis was down.
    const { rows } = await ctx.db.query(
      `INSERT INTO webhook_deliveries (organisation_id, webhook_id, event_id, event_type, body, status, attempts, next_attempt_at)
       VALUES ($1, $2, gen_random_uuid(), 'rating.changed', '{"data":{}}', 'failed', 1, now() - interval '10 minutes') RETURNING id`,
      [org.id, hook.id],
    );
    const swept = await worker.get(WebhooksProcessor).sweep();
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await ctx.db.query(`SELECT status FROM webhook_deliveries WHERE id = $1`, [rows[0].id])).rows[0].status === 'succeeded', 15_000);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hooks/swept']);
    const attempts = await ctx.db.query(`SELECT attempts FROM webhook_deliveries WHERE id = $1`, [rows[0].id]);
    expect(attempts.rows[0].attempts).toBe(2);
  });

  it('sends nothing for an event nobody subscribes to', async () => {
    const eventId = await emit('status_report.submitted', { reportId: 'r-1' });
    await waitFor(async () => (await ctx.db.query(`SELECT dispatched_at FROM outbox_events WHERE payload->>'eventId' = $1`, [eventId])).rows[0]?.dispatched_at);
    const { rows } = await ctx.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE event_id = $1`, [eventId]);
    expect(rows[0].n).toBe(0);
  });
});
