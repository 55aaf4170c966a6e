import { Pool } from 'pg';
import { appUrl, cloneTemplate, dropDatabase, ownerUrl, testPool, workerUrl } from '@test/support/test-db';
import { exitOf, freePort, startProcess, waitForHttp } from '@test/support/processes';

describe('api process', () => {
  let database: string;
  let db: Pool;

  beforeAll(async () => {
    database = await cloneTemplate();
    db = testPool(database);
  });
  afterAll(async () => {
    await db.end();
    await dropDatabase(database);
  });

  it.each([
    ['PostgreSQL is down', { DATABASE_URL: 'postgres://kpi_tracker_app@127.0.0.1:1/x' }, /^PostgreSQL is not reachable at .*start it .* or set DATABASE_URL\.$/],
    ['the database is missing', { DATABASE_URL: appUrl('kpi_test_missing_db') }, /^The database in DATABASE_URL .* does not exist: run `npm run db:prepare`\.$/],
    ['Redis is down', { REDIS_URL: 'redis://127.0.0.1:1' }, /^Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*or set REDIS_URL\.$/],
    ['a setting is invalid', { PORT: 'eighty' }, /^Invalid configuration: PORT: /],
  ])('fails start-up with one clear line when %s', async (_, env, message) => {
    const child = startProcess('apps/api/src/main.js', { DATABASE_URL: appUrl(database), PORT: String(await freePort()), ...env });
    const { code } = await exitOf(child);
    expect(code).toBe(1);
    const lines = child.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('finishes an in-flight request on SIGTERM and exits cleanly', async () => {
    const port = await freePort();
    const cli = startProcess('scripts/cli.js', { DATABASE_URL: appUrl(database), WORKER_DATABASE_URL: workerUrl(database) }, ['create-organisation', '--name', 'Shutdown', '--slug', 'shutdown']);
    expect((await exitOf(cli)).code).toBe(0);
    const { token } = JSON.parse(cli.output());
    const api = startProcess('apps/api/src/main.js', { DATABASE_URL: appUrl(database), PORT: String(port), QUEUE_PREFIX: database });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health/live`);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const victim = (await (await fetch(`${base}/v1/tokens`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'victim', scopes: ['portfolio:read'] }) })).json()) as { id: string };

    // Hold the token's row so the revoke request is in flight when SIGTERM arrives.
    const lock = await db.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM api_tokens WHERE id = $1 FOR UPDATE', [victim.id]);
    const inflight = fetch(`${base}/v1/tokens/${victim.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 300));
    api.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await lock.query('COMMIT');
    lock.release();

    const response = await inflight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { revokedAt: unknown }).revokedAt).toEqual(expect.any(String));
    const { code, ms } = await exitOf(api);
    if (code !== 0) console.log(api.output());
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('worker process', () => {
  let database: string;
  let db: Pool;

  beforeAll(async () => {
    database = await cloneTemplate();
    db = testPool(database);
    db.on('error', () => undefined);
  });
  afterAll(async () => {
    await db.end();
    await dropDatabase(database);
  });

  it('works, then finishes and exits cleanly on SIGTERM', async () => {
    const worker = startProcess('apps/worker/src/main.js', { DATABASE_URL: appUrl(database), WORKER_DATABASE_URL: workerUrl(database), QUEUE_PREFIX: `${database}_w`, HEARTBEAT_EVERY_MS: '300' });
    const deadline = Date.now() + 15_000;
    while ((await db.query(`SELECT count(*)::int AS n FROM worker_heartbeats`)).rows[0].n === 0) {
      if (Date.now() > deadline) throw new Error(`no heartbeat: ${worker.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    worker.kill('SIGTERM');
    const { code, ms } = await exitOf(worker);
    if (code !== 0) console.log(worker.output());
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(worker.output()).toContain('SIGTERM received; shutting down');
  });
});
