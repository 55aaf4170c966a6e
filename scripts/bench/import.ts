import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, openAsBlob, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_COLUMNS, copyBytea, financialYearOf, spendFingerprint } from '@app/finance';
import { prepareDatabase } from '../db-prepare';

/**
 * npm run bench:import — the CSV import measured through the real path, beside raw COPY.
 *
 * 1. Generates a 1,000,000-row ledger extract in the messy format (preamble, CRLF, dd/MM/yyyy,
 *    "£1,234.50", quoted commas, blank lines, Windows-1252 bytes) and the same rows as clean COPY text.
 * 2. Reference, in the same run and database: raw COPY of those rows, with their fingerprints, into
 *    a scratch table shaped like spend_entries with the same indexes (LIKE ... INCLUDING ALL: no
 *    foreign keys, no triggers), and into one without indexes. The import also stages the rows,
 *    claims each fingerprint in spend_fingerprints and checks it against the ledger; the reference
 *    does none of that.
 * 3. Starts the real api and worker processes from dist/ against a scratch database, uploads the
 *    file over HTTP, polls until the import completes, and reads the worker's peak RSS (VmHWM).
 *    A 100,000-row import runs first so the two peaks show whether memory grows with the file.
 * Results go to stdout and test/bench/results/import-<time>.json. Not part of npm test.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SMALL_ROWS = Math.min(100_000, ROWS);
const PROJECTS = 200;
const TARGET_RATIO = 0.7;
const ROOT = join(__dirname, '../../..');
const PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const APP_PG = process.env.BENCH_APP_PG ?? 'postgres://kpi_tracker_app@127.0.0.1:5432';
const SUPPLIERS = ['"Acme Digital, Ltd"', 'Caf\u00e9 Research', 'Northgate Digital Ltd', '"Civic Cloud, Services"', 'Pennine Software Ltd', 'Fieldwork Co-op'];

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const log = (line: string) => console.log(`[bench:import] ${line}`);

interface Generated {
  messy: string;
  clean: string;
  bytes: number;
}

/** Writes the messy extract (Windows-1252) and the same rows as COPY text for the reference. */
async function generate(rows: number, organisationId: string, projectIds: string[], dir: string, tag: string): Promise<Generated> {
  const messyPath = join(dir, `ledger-${tag}.csv`);
  const cleanPath = join(dir, `ledger-${tag}.copy`);
  const messy = createWriteStream(messyPath);
  const clean = createWriteStream(cleanPath);
  messy.write(Buffer.from(`Council ledger extract,,,,,,\r\nGenerated for the import benchmark (${tag}),,,,,,\r\nInvoice Date,Cost Centre,Supplier Name,Net Amount,Transaction No,Narrative,SME\r\n`, 'latin1'));
  let messyBuf = '';
  let cleanBuf = '';
  for (let i = 0; i < rows; i++) {
    const day = (i % 28) + 1;
    const month = (i % 12) + 1;
    // The last financial year: every date is inside the ledger's window (nothing ahead of today).
    const year = month >= 4 ? 2025 : 2026;
    const p = i % PROJECTS;
    const pence = 100 + ((i * 7919) % 9_999_900);
    const whole = Math.floor(pence / 100);
    const amount = `${whole}.${pad2(pence % 100)}`;
    const shown = whole >= 1000 ? `"£${whole.toLocaleString('en-GB')}.${pad2(pence % 100)}"` : `£${amount}`;
    const supplierCell = SUPPLIERS[i % SUPPLIERS.length];
    const supplier = supplierCell.replace(/"/g, '');
    const sme = i % 3 === 0;
    // The tag keeps the two files' rows apart: the same content twice would be a duplicate.
    messyBuf += `${pad2(day)}/${pad2(month)}/${year},BENCH-${p},${supplierCell},${shown},TX-${tag}-${i},"Invoice ${i}, monthly",${sme ? 'Yes' : 'No'}\r\n`;
    if (i % 10_000 === 9_999) messyBuf += '\r\n';
    const date = `${year}-${pad2(month)}-${pad2(day)}`;
    const fingerprint = copyBytea(spendFingerprint(date, amount, supplier, `TX-${tag}-${i}`, `Invoice ${i}, monthly`));
    cleanBuf += `${organisationId}\t${projectIds[p]}\t${financialYearOf(date, 4)}\t${date}\t${amount}\tGBP\tresource\tsuppliers\t${supplier}\t${sme ? 't' : 'f'}\tTX-${tag}-${i}\tInvoice ${i}, monthly\t\\N\timport\t\\N\t${fingerprint}\tpayment\t\\N\tt\n`;
    if (messyBuf.length > 1 << 20) {
      if (!messy.write(Buffer.from(messyBuf, 'latin1'))) await once(messy, 'drain');
      if (!clean.write(cleanBuf)) await once(clean, 'drain');
      messyBuf = '';
      cleanBuf = '';
    }
  }
  messy.end(Buffer.from(messyBuf, 'latin1'));
  clean.end(cleanBuf);
  await Promise.all([once(messy, 'finish'), once(clean, 'finish')]);
  return { messy: messyPath, clean: cleanPath, bytes: statSync(messyPath).size };
}

async function rawCopy(db: Client, table: string, like: string, file: string): Promise<number> {
  await db.query(`CREATE TABLE ${table} (LIKE spend_entries ${like})`);
  const started = process.hrtime.bigint();
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), db.query(copyFrom(`COPY ${table} (${COPY_COLUMNS}) FROM STDIN`)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await db.query(`DROP TABLE ${table}`);
  return seconds;
}

function start(entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', entry)], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  return child;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}

const peakRssMb = (pid: number): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
};

async function until<T>(probe: () => Promise<T | null>, timeoutMs: number, every = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, every));
  }
}

interface ImportResult {
  rows: number;
  endToEndSeconds: number;
  uploadSeconds: number;
  workerSeconds: number;
  importedRows: number;
  rejectedRows: number;
}

async function importThroughApi(base: string, token: string, file: string): Promise<ImportResult> {
  const form = new FormData();
  form.append('mode', 'atomic');
  form.append('mapping', JSON.stringify({
    columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name', reference: 'Transaction No', projectCode: 'Cost Centre', description: 'Narrative', supplierIsSme: 'SME' },
    defaults: { category: 'resource', costType: 'suppliers' },
    dateFormat: 'dd/MM/yyyy',
    skipRows: 2,
  }));
  form.append('file', await openAsBlob(file), 'ledger.csv');
  const started = Date.now();
  const response = await fetch(`${base}/v1/spend/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const uploadSeconds = (Date.now() - started) / 1000;
  const accepted = (await response.json()) as { id: string };
  if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${JSON.stringify(accepted)}`);
  const done = await until(async () => {
    const r = await fetch(`${base}/v1/spend/imports/${accepted.id}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await r.json()) as { status: string; importedRows: number; rejectedRows: number; totalRows: number; startedAt: string; completedAt: string; failureReason: string | null };
    if (body.status === 'failed') throw Object.assign(new Error(`import failed: ${body.failureReason}`), { fatal: true });
    return body.status === 'completed' ? body : null;
  }, 15 * 60_000).catch((error) => {
    throw error;
  });
  const endToEndSeconds = (Date.now() - started) / 1000;
  return {
    rows: done.totalRows,
    endToEndSeconds,
    uploadSeconds,
    workerSeconds: (Date.parse(done.completedAt) - Date.parse(done.startedAt)) / 1000,
    importedRows: done.importedRows,
    rejectedRows: done.rejectedRows,
  };
}

async function main(): Promise<void> {
  const database = `kpi_bench_import_${process.pid}`;
  const dir = join(tmpdir(), database);
  const children: ChildProcess[] = [];
  const admin = new Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const owner = new Client({ connectionString: `${PG}/${database}` });
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await prepareDatabase(`${PG}/${database}`, () => undefined);
    await owner.connect();
    // Cross-organisation jobs and operator tools connect as the worker's role where the schema has one.
    const workerRole = (await owner.query(`SELECT 1 FROM pg_roles WHERE rolname = 'kpi_tracker_worker'`)).rowCount ? 'kpi_tracker_worker' : 'kpi_tracker_app';
    const env = {
      DATABASE_URL: `${APP_PG}/${database}`,
      WORKER_DATABASE_URL: `${new URL(APP_PG).protocol}//${workerRole}@${new URL(APP_PG).host}/${database}`,
      MIGRATION_DATABASE_URL: `${PG}/${database}`,
      QUEUE_PREFIX: `bench_${process.pid}`,
      OUTBOX_POLL_MS: '100',
      UPLOAD_LIMIT_BYTES: String(1024 * 1024 * 1024),
    };
    // The CLI runs as the owner here: the scratch database is the benchmark's own.
    const cliEnv = { ...env, DATABASE_URL: `${PG}/${database}`, WORKER_DATABASE_URL: `${PG}/${database}` };
    const created = spawn(process.execPath, [join(ROOT, 'dist/scripts/cli.js'), 'create-organisation', '--name', 'Bench Council', '--slug', 'bench'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...cliEnv } });
    let cliOut = '';
    let cliErr = '';
    created.stdout.on('data', (c) => (cliOut += c));
    created.stderr.on('data', (c) => (cliErr += c));
    const [cliCode] = await once(created, 'exit');
    if (cliCode !== 0) throw new Error(`create-organisation failed (exit ${cliCode}): ${cliErr || cliOut}`);
    const { organisation, token } = JSON.parse(cliOut) as { organisation: { id: string }; token: string };
    const programme = (await owner.query(`INSERT INTO programmes (organisation_id, code, name) VALUES ($1, 'BENCH', 'Benchmark') RETURNING id`, [organisation.id])).rows[0].id;
    const projectIds: string[] = (
      await owner.query(
        `INSERT INTO projects (organisation_id, programme_id, code, name, phase) SELECT $1, $2, 'BENCH-' || g, 'Project ' || g, 'beta' FROM generate_series(0, ${PROJECTS - 1}) g ORDER BY g RETURNING id`,
        [organisation.id, programme],
      )
    ).rows.map((r) => r.id);

    log(`generating ${ROWS.toLocaleString('en-GB')} rows (and ${SMALL_ROWS.toLocaleString('en-GB')} for the memory check) in ${dir}`);
    const small = await generate(SMALL_ROWS, organisation.id, projectIds, dir, 'small');
    const big = await generate(ROWS, organisation.id, projectIds, dir, 'big');
    log(`file: ${(big.bytes / 1024 / 1024).toFixed(1)} MiB`);

    await owner.query('CHECKPOINT');
    const copyIndexed = await rawCopy(owner, 'bench_raw_copy_indexed', 'INCLUDING ALL', big.clean);
    const copyBare = await rawCopy(owner, 'bench_raw_copy_bare', 'INCLUDING DEFAULTS', big.clean);
    log(`raw COPY into a table like spend_entries with its indexes: ${copyIndexed.toFixed(2)} s (${Math.round(ROWS / copyIndexed).toLocaleString('en-GB')} rows/s)`);
    log(`raw COPY into a table without indexes: ${copyBare.toFixed(2)} s (${Math.round(ROWS / copyBare).toLocaleString('en-GB')} rows/s)`);

    const port = await freePort();
    const api = start('apps/api/src/main.js', { ...env, PORT: String(port) });
    const worker = start('apps/worker/src/main.js', env);
    children.push(api, worker);
    const base = `http://127.0.0.1:${port}`;
    await until(async () => ((await fetch(`${base}/health/live`)).ok ? true : null), 30_000, 100);
    await new Promise((r) => setTimeout(r, 1000));

    const warm = await importThroughApi(base, token, small.messy);
    const smallPeak = peakRssMb(worker.pid as number);
    log(`${SMALL_ROWS.toLocaleString('en-GB')}-row import: ${warm.endToEndSeconds.toFixed(2)} s end to end; worker peak RSS ${smallPeak} MiB`);
    await owner.query('CHECKPOINT');
    const result = await importThroughApi(base, token, big.messy);
    const peak = peakRssMb(worker.pid as number);
    const check = (await owner.query(`SELECT count(*)::int AS n, (SELECT sum(entry_count)::int FROM spend_totals) AS totals FROM spend_entries`)).rows[0];
    if (check.n !== SMALL_ROWS + ROWS || check.totals !== check.n) throw new Error(`ledger has ${check.n} rows and totals count ${check.totals}; expected ${SMALL_ROWS + ROWS}`);

    const importRate = result.importedRows / result.endToEndSeconds;
    const workerRate = result.importedRows / result.workerSeconds;
    const copyRate = ROWS / copyIndexed;
    const ratio = importRate / copyRate;
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      rows: ROWS,
      fileMiB: Number((big.bytes / 1024 / 1024).toFixed(1)),
      rawCopy: { indexedSeconds: copyIndexed, indexedRowsPerSecond: Math.round(copyRate), bareSeconds: copyBare, bareRowsPerSecond: Math.round(ROWS / copyBare) },
      import: { ...result, rowsPerSecondEndToEnd: Math.round(importRate), rowsPerSecondWorker: Math.round(workerRate) },
      ratioToRawCopy: Number(ratio.toFixed(3)),
      ratioWorkerOnlyToRawCopy: Number((workerRate / copyRate).toFixed(3)),
      target: TARGET_RATIO,
      meetsTarget: ratio >= TARGET_RATIO,
      workerPeakRssMiB: { afterSmallImport: smallPeak, smallRows: SMALL_ROWS, afterFullImport: peak },
    };
    console.log('');
    console.log(`  raw COPY (same rows, table like spend_entries with indexes) ${Math.round(copyRate).toLocaleString('en-GB').padStart(10)} rows/s`);
    console.log(`  import end to end (upload, queue, worker, COPY, totals)     ${Math.round(importRate).toLocaleString('en-GB').padStart(10)} rows/s  (${result.endToEndSeconds.toFixed(2)} s; upload ${result.uploadSeconds.toFixed(2)} s)`);
    console.log(`  import worker only (parse, validate, COPY, totals, commit)  ${Math.round(workerRate).toLocaleString('en-GB').padStart(10)} rows/s  (${result.workerSeconds.toFixed(2)} s)`);
    console.log(`  ratio end to end / raw COPY: ${(ratio * 100).toFixed(1)}%   target >= ${TARGET_RATIO * 100}%   ${ratio >= TARGET_RATIO ? 'MET' : 'NOT MET'}`);
    console.log(`  worker peak RSS: ${smallPeak} MiB after ${SMALL_ROWS.toLocaleString('en-GB')} rows, ${peak} MiB after ${ROWS.toLocaleString('en-GB')} rows`);
    const out = join(ROOT, 'test/bench/results', `import-${report.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`results written to ${out}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : null)));
    await owner.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`[bench:import] failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
