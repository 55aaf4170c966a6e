import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Pool } from 'pg';
import { prepareDatabase } from '../../scripts/db-prepare';
import { BUILD, freePort, ownerPool, Postgres, Redis, Service, sleep, waitUntil } from './cluster';

/**
 * Fault tests: our own PostgreSQL and Redis, the real api and worker (built beside this runner), load from fetch
 * loops on 127.0.0.1, and faults injected on purpose. After every scenario the invariants are
 * checked: the ledger equals what 2xx answers promised, every spend row has its idempotency record,
 * no outbox row is stuck, the processes are alive with nothing unhandled in their logs.
 */

interface Tally {
  sent: number;
  ok: number;
  unavailable: number;
  other: string[];
  networkErrors: number;
  /** Amount in pence per Idempotency-Key that got a 2xx (counted once, however often replayed). */
  promised: Map<string, number>;
  okTimes: number[];
}

const newTally = (): Tally => ({ sent: 0, ok: 0, unavailable: 0, other: [], networkErrors: 0, promised: new Map(), okTimes: [] });
const results: { scenario: string; passed: boolean; lines: string[] }[] = [];

let pg: Postgres;
let redis: Redis;
let api: Service;
let worker: Service;
let owner: Pool;
let base = '';
let token = '';
let organisationId = '';
let projectId = '';

async function main(): Promise<void> {
  const started = Date.now();
  pg = await Postgres.start();
  redis = await Redis.start();
  try {
    await prepareDatabase(pg.url('postgres'), () => undefined);
    owner = ownerPool(pg);
    const env = environment(await freePort());
    const cli = execFileSync(process.execPath, [join(BUILD, 'scripts/cli.js'), 'create-organisation', '--name', 'Faults', '--slug', 'faults'], { env: { PATH: process.env.PATH ?? '', ...env } });
    const created = JSON.parse(cli.toString());
    token = created.token;
    organisationId = created.organisation.id;
    projectId = await arrange();
    api = new Service('api', 'apps/api/src/main.js', env);
    worker = new Service('worker', 'apps/worker/src/main.js', env);
    base = `http://127.0.0.1:${env.PORT}`;
    if (!(await waitUntil(async () => (await fetch(`${base}/health/live`)).ok, 60_000))) throw new Error(`api did not start: ${api.output}`);

    await scenario('PostgreSQL restarted (-m fast) under load', () => postgresRestart('fast'));
    await scenario('PostgreSQL restarted (-m immediate) under load', () => postgresRestart('immediate'));
    await scenario('Redis killed for 30 s under load', () => redisOutage('kill'));
    await scenario('Redis frozen (SIGSTOP) for 30 s under load', () => redisOutage('freeze'));
    await scenario('worker killed (SIGKILL) in the middle of an import and a scan', workerKilled);
    await scenario('worker killed (SIGKILL) in the middle of undoing an import', undoKilled);
    await scenario('api SIGTERM under 32 keep-alive connections', sigtermUnderLoad);
    await scenario('SMTP server stopped in the middle of the weekly digest', async () => (await import('./smtp-outage')).smtpOutageMidDigest({ owner, organisationId, environment: environment(0) }));
  } finally {
    await api?.kill('SIGKILL').catch(() => undefined);
    await worker?.kill('SIGKILL').catch(() => undefined);
    await owner?.end().catch(() => undefined);
    await redis.stop();
    if (process.env.FAULTS_KEEP_PG) console.log(`PostgreSQL kept: ${pg.url('postgres')}`);
    else pg.stop();
  }
  console.log(`\nfault tests: ${results.filter((r) => r.passed).length}/${results.length} scenarios passed in ${Math.round((Date.now() - started) / 1000)} s`);
  if (results.some((r) => !r.passed)) process.exitCode = 1;
}

function environment(port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: pg.url('kpi_tracker_app'),
    WORKER_DATABASE_URL: pg.url('kpi_tracker_worker'),
    MIGRATION_DATABASE_URL: pg.url('postgres'),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'faults',
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? 'warn',
    RATE_LIMIT_REQUESTS: '1000000',
    OUTBOX_POLL_MS: '200',
    HEARTBEAT_EVERY_MS: '1000',
    GOVERNANCE_SCAN_CRON: '*/20 * * * * *',
    SHUTDOWN_TIMEOUT_MS: '10000',
    DATABASE_POOL_SIZE: '10',
  };
}

/** A project to spend on, and 3,000 more so that a scan takes long enough to be interrupted. */
async function arrange(): Promise<string> {
  const org = organisationId;
  const programme = (await owner.query(`INSERT INTO programmes (organisation_id, code, name) VALUES ($1, 'F', 'Faults') RETURNING id`, [org])).rows[0].id;
  await owner.query(
    `INSERT INTO projects (organisation_id, programme_id, code, name, phase) SELECT $1, $2, 'P' || g, 'Project ' || g, 'beta' FROM generate_series(1, 3000) g`,
    [org, programme],
  );
  return (await owner.query(`SELECT id FROM projects WHERE organisation_id = $1 AND code = 'P1'`, [org])).rows[0].id;
}

/**
 * FAULTS_ONLY=<part of a name>[|...] runs just the matching scenarios (for investigating one);
 * FAULTS_SKIP=<part of a name>[,...] leaves scenarios out, saying so (CI skips the known gap).
 */
async function scenario(name: string, run: () => Promise<string[]>): Promise<void> {
  const matches = (pattern: string) => name.toLowerCase().includes(pattern.trim().toLowerCase());
  if (process.env.FAULTS_ONLY && !process.env.FAULTS_ONLY.split('|').some(matches)) return;
  if (process.env.FAULTS_SKIP?.split(',').some((p) => p.trim() && matches(p))) {
    console.log(`\n== ${name}\n   SKIPPED by FAULTS_SKIP`);
    return;
  }
  const started = Date.now();
  const logMarks = { api: api.output.length, worker: worker.output.length };
  console.log(`\n== ${name}`);
  let lines: string[];
  let passed = true;
  try {
    lines = await run();
    lines.push(...(await invariants()));
  } catch (error) {
    lines = [`FAILED: ${(error as Error).stack ?? error}`];
  }
  for (const line of lines) {
    if (line.startsWith('FAILED')) passed = false;
    console.log(`   ${line}`);
  }
  if (!passed) {
    // What the processes logged as errors during the scenario, to find the cause.
    for (const [label, service] of [['api', api], ['worker', worker]] as const) {
      const errors = service.output.slice(logMarks[label]).split('\n').filter((l) => /"level":(50|60)/.test(l)).slice(0, 5);
      for (const line of errors) console.log(`   ${label} log: ${line.slice(0, 600)}`);
    }
  }
  console.log(`   ${passed ? 'PASS' : 'FAIL'} (${Math.round((Date.now() - started) / 1000)} s)`);
  results.push({ scenario: name, passed, lines });
}

const verdict = (ok: boolean, text: string) => `${ok ? 'ok' : 'FAILED'}: ${text}`;

/** Spend POSTs from `concurrency` loops until `stop()`; a 503 or a dropped connection is retried with the same key. */
function load(concurrency = 6): { tally: Tally; stop: () => Promise<void> } {
  const tally = newTally();
  let running = true;
  const loop = async () => {
    while (running) {
      const key = randomUUID();
      const pence = 1 + Math.floor(Math.random() * 99_999);
      for (let attempt = 0; attempt < 4 && running; attempt++) {
        tally.sent++;
        try {
          const response = await fetch(`${base}/v1/spend`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
            // A reference per key: the ledger refuses the same content twice as a duplicate.
            body: JSON.stringify({ projectId, spentOn: '2026-05-14', amount: (pence / 100).toFixed(2), category: 'resource', costType: 'suppliers', supplier: 'Load Ltd', reference: key }),
            signal: AbortSignal.timeout(15_000),
          });
          const text = await response.text();
          if (response.status === 201 || response.status === 200) {
            tally.ok++;
            tally.okTimes.push(Date.now());
            tally.promised.set(key, pence);
            break;
          }
          if (response.status === 503) {
            tally.unavailable++;
            const problem = response.headers.get('content-type')?.startsWith('application/problem+json') && response.headers.get('retry-after');
            if (!problem) tally.other.push(`503 without problem+json/Retry-After: ${text.slice(0, 100)}`);
          } else tally.other.push(`${response.status}: ${text.slice(0, 160)}`);
        } catch (error) {
          tally.networkErrors++;
          if (tally.networkErrors < 3) tally.other.push(`network: ${(error as Error).message}`);
        }
        await sleep(200);
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    tally,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const summary = (t: Tally) => `requests sent ${t.sent}, 2xx ${t.ok}, 503 ${t.unavailable}, other ${t.other.length}, network errors ${t.networkErrors}`;

async function postgresRestart(mode: 'fast' | 'immediate'): Promise<string[]> {
  const { tally, stop } = load();
  await sleep(2000);
  const before = tally.ok;
  pg.restart(mode);
  const upAt = Date.now();
  const recovered = await waitUntil(async () => tally.okTimes.find((t) => t > upAt), 10_000, 50);
  await sleep(2000);
  await stop();
  const lines = [summary(tally)];
  lines.push(verdict(before > 0, `writes succeeded before the restart (${before})`));
  lines.push(verdict(tally.other.length === 0 && tally.networkErrors === 0, `every failure was a 503 problem+json with Retry-After${tally.other.length ? `; saw ${tally.other.slice(0, 3).join(' | ')}` : ''}`));
  lines.push(verdict(recovered !== null && recovered - upAt <= 5000, `writes succeeded again ${recovered ? recovered - upAt : '∞'} ms after PostgreSQL was back (limit 5000)`));
  lines.push(...(await ledger(tally)));
  return lines;
}

async function redisOutage(kind: 'kill' | 'freeze'): Promise<string[]> {
  const { tally, stop } = load();
  await sleep(1000);
  if (kind === 'kill') await redis.kill();
  else redis.signal('SIGSTOP');
  const outageStarted = Date.now();
  await sleep(3000);
  const ready = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(10_000) });
  const readiness = (await ready.json()) as { checks: { redis: { status: string } } };
  // Work that must reach the worker, queued while Redis is away: an on-demand scan.
  const scan = await fetch(`${base}/v1/governance/scans`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const scanId = ((await scan.json()) as { id: string }).id;
  const okDuring = tally.ok;
  await sleep(Math.max(0, 30_000 - (Date.now() - outageStarted)));
  const okInOutage = tally.ok - okDuring;
  if (kind === 'kill') await redis.launch();
  else redis.signal('SIGCONT');
  const back = Date.now();
  const drained = await waitUntil(async () => (await owner.query(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`)).rows[0].n === 0, 60_000, 500);
  const scanDone = await waitUntil(async () => (await owner.query(`SELECT status FROM governance_scans WHERE id = $1`, [scanId])).rows[0]?.status === 'completed', 60_000, 500);
  const drainedAfter = Date.now() - back;
  await stop();
  const lines = [summary(tally)];
  lines.push(verdict(okInOutage > 20 && tally.unavailable === 0 && tally.other.length === 0 && tally.networkErrors === 0, `spend writes kept succeeding while Redis was ${kind === 'kill' ? 'down' : 'frozen'} (${okInOutage} in the outage, no failures)`));
  lines.push(verdict(ready.status === 503 && readiness.checks.redis.status === 'down', `readiness said Redis is down (${ready.status}, redis ${readiness.checks.redis.status})`));
  lines.push(verdict(scan.status === 202, `an on-demand scan was accepted during the outage (${scan.status})`));
  lines.push(verdict(Boolean(drained) && Boolean(scanDone) && drainedAfter <= 60_000, `the outbox drained and the queued scan ran within ${drainedAfter} ms of recovery (limit 60000)`));
  lines.push(...(await scheduledScansOnce()));
  lines.push(...(await ledger(tally)));
  return lines;
}

/** The scheduled scan (every 20 s here) ran at most once per due time, and no flag is duplicated. */
async function scheduledScansOnce(): Promise<string[]> {
  // One row per due time is guaranteed by a unique index; count the due times that ran more than once.
  const scheduled = await owner.query(`SELECT scheduled_for, count(*)::int AS runs FROM governance_scans WHERE trigger = 'schedule' GROUP BY scheduled_for`);
  const duplicatedSlots = scheduled.rows.filter((r) => r.runs > 1).length;
  const duplicates = (await owner.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM flags WHERE status <> 'resolved' GROUP BY organisation_id, rule, subject_id HAVING count(*) > 1) d`)).rows[0].n;
  return [
    verdict(scheduled.rows.length > 0 && duplicatedSlots === 0, `scheduled scans ran once per due time (${scheduled.rows.length} so far, ${duplicatedSlots} doubled)`),
    verdict(duplicates === 0, `no flag is duplicated (${duplicates})`),
  ];
}

async function workerKilled(): Promise<string[]> {
  const rows = 300_000;
  const csv = ['Invoice Date,Net Amount,Supplier Name,Transaction No', ...Array.from({ length: rows }, (_, i) => `14/05/2026,1.00,Supplier ${i % 50},K-${i}`)].join('\n');
  const form = new FormData();
  form.set('mapping', JSON.stringify({ columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name', reference: 'Transaction No' }, defaults: { projectId, category: 'capital', costType: 'suppliers', currency: 'GBP' }, dateFormat: 'dd/MM/yyyy' }));
  form.set('file', new Blob([csv]), 'big.csv');
  const upload = await fetch(`${base}/v1/spend/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const importId = ((await upload.json()) as { id: string }).id;
  const processing = await waitUntil(async () => (await owner.query(`SELECT status FROM spend_imports WHERE id = $1`, [importId])).rows[0].status === 'processing', 30_000, 20);
  const killedImport = await worker.kill('SIGKILL');
  worker.restart();

  // The scan: queued, then the worker is killed as soon as it is running.
  const scan = await fetch(`${base}/v1/governance/scans`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const scanId = ((await scan.json()) as { id: string }).id;
  const running = await waitUntil(async () => (await owner.query(`SELECT status FROM governance_scans WHERE id = $1`, [scanId])).rows[0].status === 'running', 30_000, 10);
  await worker.kill('SIGKILL');
  const flagsAtKill = (await owner.query(`SELECT count(*)::int AS n FROM flags WHERE organisation_id = $1`, [organisationId])).rows[0].n;
  worker.restart();

  const imported = await waitUntil(async () => {
    const r = (await owner.query(`SELECT status, imported_rows FROM spend_imports WHERE id = $1`, [importId])).rows[0];
    return r.status === 'completed' || r.status === 'failed' ? r : null;
    // Bull notices a dead worker's job only when its lock lapses (30 s) and the stalled check runs (30 s).
  }, 180_000, 500);
  const scanned = await waitUntil(async () => ((await owner.query(`SELECT status FROM governance_scans WHERE id = $1`, [scanId])).rows[0].status === 'completed' ? true : null), 90_000, 500);
  const entries = (await owner.query(`SELECT count(*)::int AS n, count(DISTINCT reference)::int AS refs FROM spend_entries WHERE import_id = $1`, [importId])).rows[0];
  const flags = (await owner.query(`SELECT count(*)::int AS n FROM flags WHERE organisation_id = $1`, [organisationId])).rows[0].n;
  // The same result as without the crash: a fresh scan now finds nothing to raise.
  const again = await fetch(`${base}/v1/governance/scans`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const againId = ((await again.json()) as { id: string }).id;
  const rerun = await waitUntil(async () => (await owner.query(`SELECT status, raised FROM governance_scans WHERE id = $1`, [againId])).rows.find((r) => r.status === 'completed'), 60_000, 300);
  // When the follow-up scan did not finish, what the scans were doing: to tell a slow scan from a stuck one.
  const scanLog = rerun
    ? []
    : (
        await owner.query(
          `SELECT trigger, status, organisation_id IS NULL AS all_orgs, to_char(created_at, 'HH24:MI:SS') AS created, round(extract(epoch FROM finished_at - started_at)::numeric, 1) AS seconds, raised, error
             FROM governance_scans WHERE created_at > now() - interval '6 minutes' ORDER BY created_at`,
        )
      ).rows.map((r) => `scan: ${JSON.stringify(r)}`);
  return [
    ...scanLog,
    verdict(Boolean(processing) && killedImport.code === null, 'the worker was killed while the import was processing'),
    verdict(imported?.status === 'completed' && Number(imported.imported_rows) === rows, `the retried import completed with ${imported?.imported_rows} of ${rows} rows`),
    verdict(entries.n === rows && entries.refs === rows, `no row was imported twice (${entries.n} entries, ${entries.refs} distinct references)`),
    verdict(Boolean(running), `the worker was killed while the scan was running (flags then: ${flagsAtKill})`),
    verdict(Boolean(scanned), 'the scan was retried and completed'),
    verdict(rerun?.raised === 0, `a scan afterwards raised nothing new (${rerun?.raised}); flags: ${flags}`),
    ...(await scheduledScansOnce()),
  ];
}

/**
 * Undo reverses every entry of an import in one transaction in the worker. Killed while that
 * transaction runs, the ledger must show all of the import's entries reversed or none, at every
 * moment, and the retried job must finish with all of them reversed once and the totals exact.
 */
async function undoKilled(): Promise<string[]> {
  const rows = 200_000;
  const csv = ['Invoice Date,Net Amount,Supplier Name,Transaction No', ...Array.from({ length: rows }, (_, i) => `15/05/2026,2.00,Undo Supplier ${i % 40},U-${i}`)].join('\n');
  const form = new FormData();
  form.set('mode', 'partial');
  form.set('mapping', JSON.stringify({ columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name', reference: 'Transaction No' }, defaults: { projectId, category: 'resource', costType: 'suppliers' }, dateFormat: 'dd/MM/yyyy' }));
  form.set('file', new Blob([csv]), 'undo.csv');
  const upload = await fetch(`${base}/v1/spend/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const importId = ((await upload.json()) as { id: string }).id;
  const imported = await waitUntil(async () => (await owner.query(`SELECT status, imported_rows FROM spend_imports WHERE id = $1`, [importId])).rows.find((r) => r.status !== 'queued' && r.status !== 'processing'), 180_000, 500);

  const undo = await fetch(`${base}/v1/spend/imports/${importId}/undo`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'fault test' }) });
  // The undo's statement running in the worker's transaction.
  const running = await waitUntil(
    async () => (await owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%WITH targets AS%' AND query NOT LIKE '%pg_stat_activity%'`)).rows[0].n > 0,
    30_000,
    5,
  );
  const killed = await worker.kill('SIGKILL');
  const reversedNow = async () => (await owner.query(`SELECT count(*)::int AS n FROM spend_entries WHERE import_id = $1 AND reverses_id IS NOT NULL`, [importId])).rows[0].n as number;
  const seen = new Set<number>();
  // Watch the ledger until the killed transaction is gone: each look is all or nothing.
  const gone = await waitUntil(
    async () => {
      seen.add(await reversedNow());
      return (await owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%WITH targets AS%' AND query NOT LIKE '%pg_stat_activity%' AND state <> 'idle'`)).rows[0].n === 0;
    },
    60_000,
    50,
  );
  seen.add(await reversedNow());
  const afterKill = await reversedNow();
  worker.restart();
  const done = await waitUntil(async () => (await owner.query(`SELECT status, reversed_rows FROM spend_imports WHERE id = $1`, [importId])).rows.find((r) => r.status === 'undone'), 180_000, 500);
  const reversed = await reversedNow();
  const twice = (await owner.query(`SELECT count(*)::int AS n FROM (SELECT reverses_id FROM spend_entries WHERE import_id = $1 AND reverses_id IS NOT NULL GROUP BY reverses_id HAVING count(*) > 1) d`, [importId])).rows[0].n;
  const net = (await owner.query(`SELECT coalesce(sum(amount), 0)::text AS net FROM spend_entries WHERE import_id = $1`, [importId])).rows[0].net;
  const held = (await owner.query(`SELECT count(*)::int AS n FROM spend_fingerprints f JOIN spend_entries e ON e.organisation_id = f.organisation_id AND e.id = f.entry_id WHERE e.import_id = $1`, [importId])).rows[0].n;
  const totals = (
    await owner.query(
      `SELECT (SELECT coalesce(sum(amount), 0) FROM spend_entries WHERE organisation_id = $1)::text AS ledger, (SELECT coalesce(sum(total), 0) FROM spend_totals WHERE organisation_id = $1)::text AS totals`,
      [organisationId],
    )
  ).rows[0];
  return [
    verdict(Number(imported?.imported_rows) === rows && undo.status === 202, `the import wrote ${imported?.imported_rows} of ${rows} rows and the undo was accepted (${undo.status})`),
    verdict(Boolean(running) && killed.code === null, 'the worker was killed while the undo statement was running'),
    verdict([...seen].every((n) => n === 0 || n === rows) && Boolean(gone), `every look at the ledger during the crash saw all or none reversed (${[...seen].join(', ')}); ${afterKill} right after`),
    verdict(done?.status === 'undone' && reversed === rows && Number(done.reversed_rows) === rows && twice === 0, `the retried undo reversed all ${reversed} of ${rows} entries, none twice`),
    verdict(Number(net) === 0 && held === 0, `the import nets to ${net} and holds ${held} fingerprints`),
    verdict(totals.ledger === totals.totals, `running totals equal the ledger (${totals.totals} = ${totals.ledger})`),
  ];
}

async function sigtermUnderLoad(): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const url = new URL(`${base}/v1/organisation`);
  let sent = 0;
  let ok = 0;
  let unavailable = 0;
  const resets: string[] = [];
  let running = true;
  const one = () =>
    new Promise<void>((resolve) => {
      sent++;
      const req = httpRequest({ agent, host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) ok++;
          else if (res.statusCode === 503) unavailable++;
          resolve();
        });
        res.on('error', (e) => {
          resets.push(`response: ${e.message}`);
          resolve();
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        // Refused after the listener closed is expected; any reset is not.
        if (e.code !== 'ECONNREFUSED') resets.push(`${e.code ?? ''} ${e.message}`);
        else running = false;
        resolve();
      });
      req.end();
    });
  const loops = Array.from({ length: 32 }, async () => {
    while (running) await one();
  });
  await sleep(1500);
  const exit = api.kill('SIGTERM');
  const { code, ms } = await exit;
  running = false;
  await Promise.all(loops);
  agent.destroy();
  const drain = api.output.split('\n').filter((l) => /draining|"msg":"closing"/.test(l)).map((l) => l.replace(/^.*"connections":(\d+).*?("drainedMs":(\d+))?.*"msg":"([^"]+)".*$/, '$4: $1 connections $3'));
  const lines = [
    ...drain.map((d) => `api: ${d}`),
    `requests sent ${sent}, 2xx ${ok}, 503 ${unavailable}, resets ${resets.length}`,
    verdict(code === 0 && ms <= 10_000, `the api exited with code ${code} ${ms} ms after SIGTERM (limit 10000)`),
    verdict(resets.length === 0, `no in-flight request was reset${resets.length ? `: ${resets.slice(0, 3).join(' | ')}` : ''}`),
  ];
  api.restart();
  await waitUntil(async () => (await fetch(`${base}/health/live`)).ok, 20_000);
  return lines;
}

/** The ledger says exactly what the 2xx answers promised, and every row has its idempotency record. */
async function ledger(tally: Tally): Promise<string[]> {
  const promised = [...tally.promised.values()].reduce((a, b) => a + b, 0);
  const keys = [...tally.promised.keys()];
  const [row] = (
    await owner.query(
      `SELECT coalesce(sum(s.amount * 100), 0)::bigint AS pence, count(*)::int AS n FROM idempotency_keys k JOIN spend_entries s ON s.id::text = k.response_body->>'id' WHERE k.key = ANY($1)`,
      [keys],
    )
  ).rows;
  const orphans = (
    await owner.query(`SELECT count(*)::int AS n FROM spend_entries s WHERE s.source = 'api' AND NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.response_body->>'id' = s.id::text)`)
  ).rows[0].n;
  const extra = (await owner.query(`SELECT count(*)::int AS n FROM spend_entries WHERE source = 'api' AND organisation_id = $1`, [organisationId])).rows[0].n - (await totalApiKeys());
  return [
    verdict(Number(row.pence) === promised && row.n === keys.length, `ledger total for this load ${row.pence} p = promised by 2xx answers ${promised} p (${row.n} entries for ${keys.length} keys)`),
    verdict(orphans === 0 && extra === 0, `every spend row has its idempotency record (${orphans} without, ${extra} beyond the keys)`),
  ];
}

async function totalApiKeys(): Promise<number> {
  return (await owner.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE route LIKE '%/v1/spend%' AND route NOT LIKE '%batch%'`)).rows[0].n;
}

/** After every scenario: nothing stuck in the outbox, both processes up, nothing unhandled in their logs. */
async function invariants(): Promise<string[]> {
  const drained = await waitUntil(async () => (await owner.query(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`)).rows[0].n === 0, 60_000, 500);
  const stuck = (await owner.query(`SELECT count(*)::int AS n FROM outbox_events WHERE dispatched_at IS NULL`)).rows[0].n;
  const unhandled = [...api.unhandled(), ...worker.unhandled()];
  return [
    verdict(Boolean(drained), `no outbox row stuck (${stuck} pending)`),
    verdict(api.alive && worker.alive, `api ${api.alive ? 'alive' : 'DEAD'}, worker ${worker.alive ? 'alive' : 'DEAD'}`),
    verdict(unhandled.length === 0, `no unhandled errors in the logs${unhandled.length ? `: ${unhandled.slice(0, 2).join(' | ').slice(0, 400)}` : ''}`),
  ];
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
