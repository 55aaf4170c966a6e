import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { prepareDatabase } from '../../scripts/db-prepare';
import { BUILD, freePort, Postgres, Redis, Service, sleep, waitUntil } from '../faults/cluster';
import { PgBouncer } from './pgbouncer';

/**
 * The scale-out topology, running: a primary and a streaming replica, PgBouncer in transaction mode
 * with few server connections, one Redis, two apis and two workers, all on ports of their own.
 * Each check prints its figures and a verdict; the run fails if any verdict fails.
 */

const DATABASE = 'kpi_tracker';
const SERVER_CONNECTIONS = 3;

interface Org {
  slug: string;
  id: string;
  token: string;
  programmeId: string;
  projectIds: string[];
}

const results: { check: string; passed: boolean }[] = [];
let primary: Postgres;
let replica: Postgres;
let bouncer: PgBouncer;
let redis: Redis;
let owner: Pool;
const apis: Service[] = [];
const workers: Service[] = [];
const bases: string[] = [];
let orgA: Org;
let orgB: Org;

async function main(): Promise<void> {
  const started = Date.now();
  primary = await Postgres.start();
  try {
    replica = await Postgres.replicaOf(primary);
    bouncer = await PgBouncer.start(primary, replica, DATABASE, SERVER_CONNECTIONS);
    redis = await Redis.start();
    await prepareDatabase(primary.url('postgres', DATABASE), () => undefined);
    owner = new Pool({ connectionString: primary.url('postgres', DATABASE), max: 2 });
    await waitForReplica();
    const ports = [await freePort(), await freePort()];
    for (const [i, port] of ports.entries()) {
      apis.push(new Service(`api ${i + 1}`, 'apps/api/src/main.js', environment(port, `api-${i + 1}`)));
      workers.push(new Service(`worker ${i + 1}`, 'apps/worker/src/main.js', environment(port, `worker-${i + 1}`)));
      bases.push(`http://127.0.0.1:${port}`);
    }
    for (const [i, base] of bases.entries()) {
      if (!(await waitUntil(async () => (await fetch(`${base}/health/live`)).ok, 30_000))) throw new Error(`api ${i + 1} did not start: ${apis[i].output}`);
    }
    orgA = await newOrganisation('Alpha Council', 'alpha');
    orgB = await newOrganisation('Beta Council', 'beta');
    console.log(`topology: primary :${primary.port}, replica :${replica.port}, pgbouncer :${bouncer.port} (transaction mode, ${SERVER_CONNECTIONS} server connections per database and role), apis ${bases.join(' ')}, 2 workers`);

    await check('tenancy holds through transaction pooling', tenancyThroughPooling);
    await check('board reads go to the replica, writes to the primary', readsOnReplica);
    await check("a token's rate limit holds across both apis", sharedRateLimit);
    await check('repeated scan requests merge into the queued scan', mergedScans);
    await check('outbox relay and webhook deliveries happen once with two workers', webhooksOnce);
    await check('the nightly scan fans out per organisation over both workers, each scanned once', scheduledScansOnce);
    await check('killing one api and one worker mid-load loses nothing', killMidLoad);
  } finally {
    for (const service of [...apis, ...workers]) await service.kill('SIGKILL').catch(() => undefined);
    await owner?.end().catch(() => undefined);
    await bouncer?.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    replica?.stop();
    primary.stop();
  }
  const passed = results.filter((r) => r.passed).length;
  console.log(`\nscale-out: ${passed}/${results.length} checks passed in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${passed} passed, ${results.length - passed} failed`);
  if (passed !== results.length) process.exitCode = 1;
}

function environment(port: number, name: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_NAME: name,
    DATABASE_URL: bouncer.url('kpi_tracker_app', DATABASE),
    DATABASE_READ_URL: bouncer.url('kpi_tracker_app', `${DATABASE}_read`),
    WORKER_DATABASE_URL: bouncer.url('kpi_tracker_worker', DATABASE),
    MIGRATION_DATABASE_URL: primary.url('postgres', DATABASE),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'scaleout',
    LOG_LEVEL: process.env.SCALEOUT_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_MS: '200',
    HEARTBEAT_EVERY_MS: '1000',
    GOVERNANCE_SCAN_CRON: '*/15 * * * * *',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_BASE_MS: '200',
    RATE_LIMIT_REQUESTS: '100000',
    RATE_LIMIT_STORE: 'redis',
    DATABASE_POOL_SIZE: '10',
  };
}

async function waitForReplica(): Promise<void> {
  const expected = (await owner.query(`SELECT count(*)::int AS n FROM schema_migrations`)).rows[0].n;
  const caughtUp = await waitUntil(async () => {
    const client = new Client({ connectionString: replica.url('postgres', DATABASE) });
    await client.connect();
    try {
      return (await client.query(`SELECT count(*)::int AS n FROM schema_migrations`)).rows[0].n === expected;
    } finally {
      await client.end();
    }
  }, 30_000);
  if (!caughtUp) throw new Error('the replica did not catch up with the migrations');
}

async function newOrganisation(name: string, slug: string): Promise<Org> {
  const env = environment(0, 'cli');
  const out = execFileSync(process.execPath, [join(BUILD, 'scripts/cli.js'), 'create-organisation', '--name', name, '--slug', slug], { env: { PATH: process.env.PATH ?? '', ...env } });
  const created = JSON.parse(out.toString()) as { organisation: { id: string }; token: string };
  const org: Org = { slug, id: created.organisation.id, token: created.token, programmeId: '', projectIds: [] };
  org.programmeId = (await call(bases[0], org, 'POST', '/v1/programmes', { code: slug.toUpperCase(), name: `${name} programme` })).body.id;
  return org;
}

async function call(base: string, org: Org | string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const token = typeof org === 'string' ? org : org.token;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: response.headers };
}

const verdict = (ok: boolean, text: string) => `${ok ? 'ok' : 'FAILED'}: ${text}`;

async function check(name: string, run: () => Promise<string[]>): Promise<void> {
  const started = Date.now();
  console.log(`\n== ${name}`);
  let lines: string[];
  try {
    lines = await run();
  } catch (error) {
    lines = [`FAILED: ${(error as Error).stack ?? error}`];
  }
  const passed = !lines.some((l) => l.startsWith('FAILED'));
  for (const line of lines) console.log(`   ${line}`);
  if (!passed) {
    for (const service of [...apis, ...workers]) {
      for (const line of service.output.split('\n').filter((l) => /"level":(50|60)/.test(l)).slice(0, 3)) console.log(`   ${service.name} log: ${line.slice(0, 500)}`);
    }
  }
  console.log(`   ${passed ? 'PASS' : 'FAIL'} (${Math.round((Date.now() - started) / 1000)} s)`);
  results.push({ check: name, passed });
}

/** Runs `work` over 0..n-1 with `concurrency` loops. */
async function parallel(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) await work(i);
  }));
}

async function tenancyThroughPooling(): Promise<string[]> {
  let created = 0;
  let lists = 0;
  const leaks: string[] = [];
  const failures: string[] = [];
  await parallel(200, 16, async (i) => {
    const org = i % 2 === 0 ? orgA : orgB;
    const base = bases[Math.floor(i / 2) % 2];
    const made = await call(base, org, 'POST', '/v1/projects', { programmeId: org.programmeId, code: `${org.slug.toUpperCase()}-${i}`, name: `Project ${i}`, phase: 'beta' });
    if (made.status === 201) {
      created++;
      org.projectIds.push(made.body.id);
    } else failures.push(`${made.status} ${JSON.stringify(made.body).slice(0, 120)}`);
    const listed = await call(base, org, 'GET', '/v1/projects?limit=200');
    lists++;
    const foreign = (listed.body.data as { code: string }[]).filter((p) => !p.code.startsWith(`${org.slug.toUpperCase()}-`));
    if (foreign.length > 0) leaks.push(`${org.slug} saw ${foreign.map((p) => p.code).join(',')}`);
  });
  const counts = await owner.query(`SELECT organisation_id, count(*)::int AS n FROM projects GROUP BY organisation_id`);
  const byOrg = new Map(counts.rows.map((r) => [r.organisation_id, r.n]));

  // The pooler hands a server connection from one client to the next: nothing set in a transaction may follow it.
  const a = new Client({ connectionString: bouncer.url('kpi_tracker_app', DATABASE) });
  const b = new Client({ connectionString: bouncer.url('kpi_tracker_app', DATABASE) });
  await Promise.all([a.connect(), b.connect()]);
  let carried = 0;
  let visible = 0;
  try {
    for (let i = 0; i < 50; i++) {
      await a.query('BEGIN');
      await a.query(`SELECT set_config('app.organisation_id', $1, true)`, [orgA.id]);
      await a.query('SELECT count(*) FROM projects');
      await a.query('COMMIT');
      const probe = await b.query(`SELECT coalesce(current_setting('app.organisation_id', true), '') AS org, (SELECT count(*)::int FROM projects) AS visible`);
      if (probe.rows[0].org !== '') carried++;
      visible += probe.rows[0].visible;
    }
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
  return [
    `requests: ${created} projects created and ${lists} lists read by two organisations over two apis, ${SERVER_CONNECTIONS} server connections`,
    verdict(created === 200 && failures.length === 0, `every write succeeded (${created}/200${failures.length ? `; ${failures.slice(0, 2).join(' | ')}` : ''})`),
    verdict(leaks.length === 0, `no list showed another organisation's project (${leaks.length} leaks${leaks.length ? `: ${leaks.slice(0, 2).join('; ')}` : ''})`),
    verdict(byOrg.get(orgA.id) === 100 && byOrg.get(orgB.id) === 100, `each organisation holds exactly its own 100 projects (${byOrg.get(orgA.id)}, ${byOrg.get(orgB.id)})`),
    verdict(carried === 0 && visible === 0, `a pooled connection never carried an organisation to the next client (${carried} carried, ${visible} rows visible without one)`),
  ];
}

async function readsOnReplica(): Promise<string[]> {
  const transactions = async () => new Map((await bouncer.stats()).map((s) => [s.database, s.transactions]));
  const before = await transactions();
  let ok = 0;
  for (let i = 0; i < 40; i++) if ((await call(bases[i % 2], orgA, 'GET', '/v1/portfolio')).status === 200) ok++;
  const after = await transactions();
  const onReplica = (after.get(`${DATABASE}_read`) ?? 0) - (before.get(`${DATABASE}_read`) ?? 0);
  const onPrimary = (after.get(DATABASE) ?? 0) - (before.get(DATABASE) ?? 0);

  // A new project, written on the primary, shows on the replica-served board moments later.
  const code = `ALPHA-LAG-${Date.now() % 100000}`;
  const written = Date.now();
  await call(bases[0], orgA, 'POST', '/v1/projects', { programmeId: orgA.programmeId, code, name: 'Replication lag probe', phase: 'alpha' });
  const seen = await waitUntil(async () => JSON.stringify((await call(bases[1], orgA, 'GET', '/v1/portfolio')).body).includes(code), 10_000, 20);
  const lagMs = Date.now() - written;
  return [
    `portfolio reads: ${ok}/40 answered; pooler transactions on the replica +${onReplica}, on the primary +${onPrimary} (token checks and audit)`,
    verdict(ok === 40 && onReplica >= 40, `every portfolio read ran on the replica (${onReplica} transactions for 40 reads)`),
    verdict(Boolean(seen) && lagMs <= 5000, `a write showed on the replica-served portfolio within ${lagMs} ms (limit 5000)`),
  ];
}

async function sharedRateLimit(): Promise<string[]> {
  const limit = 20;
  const current = await call(bases[0], orgB, 'GET', '/v1/organisation/rate-limit');
  const changed = await call(bases[0], orgB, 'PATCH', '/v1/organisation/rate-limit', { requests: limit, windowSeconds: 60 }, { 'if-match': current.headers.get('etag') ?? '' });
  const token = (await call(bases[1], orgB, 'POST', '/v1/tokens', { name: 'rate probe', scopes: ['portfolio:read'] })).body.token as string;
  const statuses = new Map<number, number>();
  for (let i = 0; i < 2 * limit; i++) {
    const status = (await call(bases[i % 2], token, 'GET', '/v1/organisation')).status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  return [
    `limit hits per token: ${statuses.get(200) ?? 0} answered, ${statuses.get(429) ?? 0} refused with 429, of ${2 * limit} requests spread over two apis`,
    verdict(changed.status === 200, `the organisation set its own limit of ${limit} per minute (${changed.status})`),
    verdict(statuses.get(200) === limit && statuses.get(429) === limit, `exactly ${limit} were allowed in total, not ${limit} per api`),
  ];
}

async function mergedScans(): Promise<string[]> {
  const since = new Date();
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => call(bases[i % 2], orgA, 'POST', '/v1/governance/scans')));
  const ids = new Set(answers.map((a) => a.body.id));
  const done = await waitUntil(async () => (await owner.query(`SELECT count(*)::int AS n FROM governance_scans WHERE id = ANY($1::uuid[]) AND status <> 'completed'`, [[...ids]])).rows[0].n === 0, 60_000, 250);
  const scans = (await owner.query(`SELECT created_at, started_at FROM governance_scans WHERE organisation_id = $1 AND trigger = 'manual' AND created_at >= $2 ORDER BY created_at`, [orgA.id, since])).rows;
  // A worker may start the queued scan during the burst; only then may the next request queue another.
  const overlapping = scans.filter((scan, i) => i > 0 && scan.created_at < scans[i - 1].started_at).length;
  return [
    `scans per organisation: 30 requests over two apis queued ${scans.length} scan(s)`,
    verdict(answers.every((a) => a.status === 202), 'every request was accepted (202)'),
    verdict(scans.length === ids.size && scans.length < 30 && overlapping === 0, `requests joined the scan still queued: a new one was queued only after the previous had started (${overlapping} queued beside another)`),
    verdict(Boolean(done), 'the merged scans completed'),
  ];
}

async function webhooksOnce(): Promise<string[]> {
  const received = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const id = String(req.headers['webhook-id'] ?? '');
    received.set(id, (received.get(id) ?? 0) + 1);
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  try {
    const hook = await call(bases[0], orgA, 'POST', '/v1/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['status_report.submitted'] });
    if (hook.status !== 201) return [`FAILED: webhook not created: ${hook.status} ${JSON.stringify(hook.body)}`];
    const period = previousMonth();
    const dimensions = { schedule: 'green', cost: 'green', scope: 'green', benefits: 'green', risk: 'green', resourcing: 'green' };
    const projects = orgA.projectIds.slice(0, 30);
    const statuses = await Promise.all(projects.map((id, i) => call(bases[i % 2], orgA, 'POST', `/v1/projects/${id}/status-reports`, { period, overall: 'green', dimensions }).then((r) => r.status)));
    const all = await waitUntil(async () => received.size >= projects.length, 60_000, 200);
    await sleep(1500);
    const repeated = [...received.values()].filter((n) => n > 1).length;
    const deliveries = (await owner.query(`SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events FROM webhook_deliveries WHERE organisation_id = $1`, [orgA.id])).rows[0];
    const stuck = (await owner.query(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`)).rows[0].n;
    return [
      `webhooks: ${statuses.filter((s) => s === 201).length} reports submitted, ${received.size} events received, ${deliveries.n} delivery rows for ${deliveries.events} events`,
      verdict(statuses.every((s) => s === 201), 'every report was accepted'),
      verdict(Boolean(all) && received.size === projects.length && repeated === 0, `each event arrived exactly once (${received.size} of ${projects.length}, ${repeated} repeated)`),
      verdict(deliveries.n === deliveries.events && deliveries.events === projects.length, 'one delivery per event and endpoint'),
      verdict(stuck === 0, `no outbox row left undispatched (${stuck})`),
    ];
  } finally {
    server.close();
  }
}

async function scheduledScansOnce(): Promise<string[]> {
  // Every 15 s both workers race to run the schedule; wait for two due times after both organisations existed.
  // (A due time between the two organisations' creation rightly scans only the first: it does not count.)
  const ready = (await owner.query(`SELECT max(created_at) AS at FROM organisations`)).rows[0].at as Date;
  const counted = `s.trigger = 'schedule' AND s.scheduled_for > $1`;
  const ran = await waitUntil(
    async () => (await owner.query(`SELECT count(*)::int AS n FROM governance_scans s WHERE ${counted} AND s.status = 'completed'`, [ready])).rows[0].n >= 2,
    60_000,
    500,
  );
  const slots = (await owner.query(`SELECT scheduled_for, count(*)::int AS runs, max(projects_scanned)::int AS projects FROM governance_scans WHERE trigger = 'schedule' GROUP BY scheduled_for ORDER BY scheduled_for`)).rows;
  const parts = (
    await owner.query(
      `SELECT s.id, count(p.scan_id)::int AS parts, count(DISTINCT p.organisation_id)::int AS organisations, count(*) FILTER (WHERE p.status = 'completed')::int AS completed
         FROM governance_scans s LEFT JOIN governance_scan_parts p ON p.scan_id = s.id WHERE ${counted} AND s.status = 'completed' GROUP BY s.id`,
      [ready],
    )
  ).rows;
  const workers = (await owner.query(`SELECT worker, count(*)::int AS parts FROM governance_scan_parts WHERE worker IS NOT NULL GROUP BY worker ORDER BY worker`)).rows;
  return [
    `scheduled scans: ${slots.length} due times (${slots.map((s) => `${s.runs} run, ${s.projects} projects`).join('; ')}); parts run per worker: ${workers.map((w) => `${w.worker} ${w.parts}`).join(', ')}`,
    verdict(Boolean(ran) && slots.every((s) => s.runs === 1), 'each due time ran exactly once'),
    verdict(parts.length >= 2 && parts.every((p) => p.parts === 2 && p.organisations === 2 && p.completed === 2), `every scan due after both organisations existed scanned each of them exactly once (${parts.length} scans)`),
  ];
}

async function killMidLoad(): Promise<string[]> {
  const projectId = orgA.projectIds[0];
  const promised = new Map<string, number>();
  let sent = 0;
  let retried = 0;
  const other: string[] = [];
  let running = true;
  const loop = async (n: number) => {
    let which = n % 2;
    while (running) {
      const key = randomUUID();
      const pence = 1 + Math.floor(Math.random() * 99_999);
      for (let attempt = 0; attempt < 6; attempt++) {
        sent++;
        try {
          const r = await call(bases[which], orgA, 'POST', '/v1/spend', { projectId, spentOn: '2026-05-14', amount: (pence / 100).toFixed(2), category: 'resource', costType: 'suppliers', supplier: 'Load Ltd', reference: key }, { 'idempotency-key': key });
          if (r.status === 201 || r.status === 200) {
            promised.set(key, pence);
            break;
          }
          if (r.status !== 503) {
            other.push(`${r.status}: ${JSON.stringify(r.body).slice(0, 120)}`);
            break;
          }
        } catch {
          // The api went away: retry the same key on the other one.
          retried++;
          which = 1 - which;
        }
        await sleep(100);
      }
    }
  };
  const loops = Array.from({ length: 8 }, (_, n) => loop(n));
  await sleep(2000);
  await Promise.all([apis[0].kill('SIGKILL'), workers[0].kill('SIGKILL')]);
  const killedAt = promised.size;
  await sleep(3000);
  running = false;
  await Promise.all(loops);
  const drained = await waitUntil(async () => (await owner.query(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`)).rows[0].n === 0, 30_000, 250);
  const ledger = (await owner.query(`SELECT count(*)::int AS n, coalesce(sum(amount * 100), 0)::bigint AS pence FROM spend_entries WHERE organisation_id = $1 AND project_id = $2`, [orgA.id, projectId])).rows[0];
  const expectedPence = [...promised.values()].reduce((a, b) => a + b, 0);
  return [
    `load: ${sent} spend requests, ${promised.size} promised (${killedAt} before the kill), ${retried} retried on the other api after the kill`,
    verdict(other.length === 0, `no unexpected answer${other.length ? `: ${other.slice(0, 2).join(' | ')}` : ''}`),
    verdict(Number(ledger.n) === promised.size && Number(ledger.pence) === expectedPence, `the ledger holds exactly what was promised (${ledger.n} entries, ${ledger.pence} pence; promised ${promised.size}, ${expectedPence})`),
    verdict(Boolean(drained), 'the surviving worker drained the outbox'),
    verdict(apis[1].alive && workers[1].alive, 'the other api and worker kept running'),
  ];
}

function previousMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
