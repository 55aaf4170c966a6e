import { INestApplicationContext } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig, JOBS, QUEUES } from '@app/platform';
import { ScheduleReconciler } from '../../../apps/worker/src/schedules';
import { cloneTemplate, dropDatabase, testPool } from '@test/support/test-db';
import { testConfig } from '@test/support/test-app';
import { obliterate, queueOf, startWorker, waitFor } from '@test/support/test-worker';

describe('worker scheduling', () => {
  let database: string;
  let config: AppConfig;
  let db: Pool;
  const workers: INestApplicationContext[] = [];

  beforeAll(async () => {
    database = await cloneTemplate();
    config = testConfig(database, { heartbeatEveryMs: 400, outboxPollMs: 100 });
    db = testPool(database);
  });
  afterAll(async () => {
    if (workers[0]) await obliterate(workers[0], Object.values(QUEUES));
    for (const worker of workers) await worker.close();
    await db.end();
    await dropDatabase(database);
  });

  it('runs the heartbeat once per interval with two workers started together', async () => {
    workers.push(...(await Promise.all([startWorker(config), startWorker(config)])));
    await waitFor(async () => (await db.query(`SELECT count(DISTINCT scheduled_for)::int AS n FROM worker_heartbeats`)).rows[0].n >= 5, 15_000);
    const duplicates = await db.query(`SELECT scheduled_for, count(*)::int AS runs FROM worker_heartbeats GROUP BY scheduled_for HAVING count(*) > 1`);
    expect(duplicates.rows).toEqual([]);
    const repeatables = await queueOf(workers[0], QUEUES.maintenance).getRepeatableJobs();
    expect(repeatables.filter((j) => j.name === JOBS.heartbeat.name)).toHaveLength(1);
  });

  it('replaces a changed schedule instead of running it beside the old one', async () => {
    const reconciler = workers[0].get(ScheduleReconciler);
    await reconciler.reconcile({ ...JOBS.heartbeat, every: 900 });
    await reconciler.reconcile({ ...JOBS.heartbeat, every: 900 });
    const repeatables = await queueOf(workers[0], QUEUES.maintenance).getRepeatableJobs();
    const heartbeats = repeatables.filter((j) => j.name === JOBS.heartbeat.name);
    expect(heartbeats).toHaveLength(1);
    expect(Number(heartbeats[0].every)).toBe(900);
  });

  it('relays outbox rows to Bull with the row id as job id, once', async () => {
    const org = (await db.query(`INSERT INTO organisations (name, slug) VALUES ('Relay', 'relay') RETURNING id`)).rows[0].id;
    const row = (await db.query(`INSERT INTO outbox_events (organisation_id, queue, job_name, payload) VALUES ($1, 'webhooks', 'probe', '{"x":1}') RETURNING id`, [org])).rows[0];
    await waitFor(async () => (await db.query(`SELECT dispatched_at FROM outbox_events WHERE id = $1`, [row.id])).rows[0].dispatched_at);
    const job = await queueOf(workers[0], QUEUES.webhooks).getJob(row.id);
    expect(job?.data).toMatchObject({ x: 1, organisationId: org, outboxId: row.id });
    // A row re-sent after a crash between add and commit is ignored by Bull (same job id).
    await db.query(`UPDATE outbox_events SET dispatched_at = NULL WHERE id = $1`, [row.id]);
    await waitFor(async () => (await db.query(`SELECT dispatched_at FROM outbox_events WHERE id = $1`, [row.id])).rows[0].dispatched_at);
    const jobs = await queueOf(workers[0], QUEUES.webhooks).getJobs(['waiting', 'active', 'failed', 'completed', 'delayed']);
    expect(jobs.filter((j) => j.name === 'probe')).toHaveLength(1);
  });
});
