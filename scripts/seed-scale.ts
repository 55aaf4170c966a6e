import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfig, PlatformModule } from '@app/platform';
import { GovernanceModule, ScheduledScans } from '@app/governance';
import { SCHEMA } from '@app/schema';
import { prepareDatabase } from './db-prepare';
import { deferIndexes, indexQueue, Log, rebuildIndexes } from './scale/copy';
import { connectForLoad, loadOnThread, loadTables } from './scale/load-worker';
import { makePlan, ScaleOptions } from './scale/plan';
import { SPEND_EXTERNAL_IDS_SQL, SPEND_TOTALS_SQL } from './scale/rows-finance';
import { KPI_LATEST_SQL } from './scale/rows-kpis';
import { databaseUrl, SCALE_DEFAULTS, writeSeedInfo } from './scale/seed-info';
import { PARALLEL_GROUPS, PARENT_TABLES } from './scale/tables';

/**
 * npm run seed:scale -- --organisations 50 --projects 100000 [--seed 42] [--database kpi_tracker_scale]
 *   [--spend N] [--months 36] [--scale 0.1] [--as-of YYYY-MM-DD] [--no-scan]
 *
 * Fills a separate database with the shape a national roll-out would have, through bulk paths only:
 * rows are generated in streams from a seeded generator and COPYed (FREEZE) into tables whose big
 * indexes are rebuilt afterwards; running totals are derived set-based from the ledger; then one
 * governance scan (the real ScanService) raises the flags and ratings a live system would hold.
 * The same seed and --as-of give the same data. --scale multiplies projects and spend, so a laptop
 * can try a tenth of the size and the full size is still one flag away.
 */
const USAGE = 'usage: npm run seed:scale -- [--organisations 50] [--projects 100000] [--seed 42] [--database kpi_tracker_scale] [--spend 10000000] [--months 36] [--scale 1] [--as-of YYYY-MM-DD] [--no-scan]';
const BIG_TABLES = ['kpi_measurements', 'spend_entries', 'status_reports', 'engagements', 'buy_in_readings', 'training_records', 'kpis', 'budgets', 'forecasts', 'stakeholder_groups'];

const log: Log = (line) => console.log(`[seed:scale ${new Date().toISOString().slice(11, 19)}] ${line}`);

function options(argv: string[]): { options: ScaleOptions; database: string; scan: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      organisations: { type: 'string' },
      projects: { type: 'string' },
      spend: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      database: { type: 'string' },
      scale: { type: 'string' },
      'as-of': { type: 'string' },
      'no-scan': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) throw new Error(USAGE);
  const num = (v: string | undefined, fallback: number, name: string) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number\n${USAGE}`);
    return n;
  };
  const scale = num(values.scale, 1, 'scale');
  const projects = Math.round(num(values.projects, SCALE_DEFAULTS.projects, 'projects') * scale);
  const organisations = Math.min(Math.round(num(values.organisations, SCALE_DEFAULTS.organisations, 'organisations')), Math.max(1, Math.floor(projects / 100)));
  const spendEntries = Math.round(values.spend ? num(values.spend, 0, 'spend') * scale : projects * SCALE_DEFAULTS.spendPerProject);
  const asOf = values['as-of'] ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`--as-of must be YYYY-MM-DD\n${USAGE}`);
  const database = values.database ?? SCALE_DEFAULTS.database;
  if (!/^[a-z0-9_]+$/.test(database) || !/scale|bench/.test(database)) throw new Error(`--database must be lower-case, and name a scratch database (contain "scale" or "bench"): it is dropped and recreated`);
  return {
    options: { organisations, projects, spendEntries, months: Math.round(num(values.months, SCALE_DEFAULTS.months, 'months')), seed: Math.round(num(values.seed, SCALE_DEFAULTS.seed, 'seed')), asOf },
    database,
    scan: !values['no-scan'],
  };
}

async function initialScan(url: string, ownerUrl: string): Promise<void> {
  const config = loadConfig(process.env, { databaseUrl: url, workerDatabaseUrl: url, migrationDatabaseUrl: ownerUrl, logLevel: 'warn', databasePoolSize: 2 } as never);
  @Module({ imports: [PlatformModule.forRoot(config, SCHEMA), GovernanceModule] })
  class ScanModule {}
  const app = await NestFactory.createApplicationContext(ScanModule, { logger: false });
  try {
    const started = Date.now();
    const scan = await app.get(ScheduledScans).runDue(new Date());
    log(`initial governance scan: ${scan.projectsScanned.toLocaleString('en-GB')} projects, ${scan.raised.toLocaleString('en-GB')} flags raised in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const { options: opts, database, scan } = options(process.argv.slice(2));
  const config = loadConfig();
  const ownerUrl = databaseUrl(config.migrationDatabaseUrl, database);
  const started = Date.now();
  log(`${database}: ${opts.organisations} organisations, ${opts.projects.toLocaleString('en-GB')} projects, ${opts.spendEntries.toLocaleString('en-GB')} spend entries, ${opts.months} months to ${opts.asOf}, seed ${opts.seed}`);

  const admin = new Client({ connectionString: databaseUrl(config.migrationDatabaseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  await prepareDatabase(ownerUrl, log);

  const plan = makePlan(opts);
  const largest = plan.orgs[0];
  log(`plan: ${plan.programmes.length.toLocaleString('en-GB')} programmes; largest organisation ${largest.slug} has ${largest.programmes} programmes and ${largest.projects.toLocaleString('en-GB')} projects`);

  const [a, b] = await Promise.all([connectForLoad(ownerUrl, log), connectForLoad(ownerUrl, log)]);
  try {
    const deferred = await deferIndexes(a, BIG_TABLES);
    log(`deferred ${deferred.length} indexes on the big tables until after the load`);
    const counts = await loadTables(a, plan, PARENT_TABLES, log);
    for (const part of await Promise.all(PARALLEL_GROUPS.map((tables) => loadOnThread({ url: ownerUrl, options: opts, tables })))) Object.assign(counts, part);
    log(`loaded ${Object.values(counts).reduce((x, y) => x + y, 0).toLocaleString('en-GB')} rows in ${((Date.now() - started) / 1000).toFixed(0)} s; rebuilding indexes`);
    const queue = indexQueue(deferred, BIG_TABLES);
    await Promise.all([
      rebuildIndexes(a, queue, log),
      (async () => {
        const t = Date.now();
        const { rowCount } = await b.query(SPEND_TOTALS_SQL);
        log(`spend_totals: ${rowCount?.toLocaleString('en-GB')} running totals from the ledger in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        const x = Date.now();
        const claimed = await b.query(SPEND_EXTERNAL_IDS_SQL);
        log(`spend_external_ids: ${claimed.rowCount?.toLocaleString('en-GB')} external ids claimed in ${((Date.now() - x) / 1000).toFixed(1)} s`);
        const l = Date.now();
        const latest = await b.query(KPI_LATEST_SQL);
        log(`kpi_latest_measurements: ${latest.rowCount?.toLocaleString('en-GB')} KPIs' latest measurement in ${((Date.now() - l) / 1000).toFixed(1)} s`);
        await rebuildIndexes(b, queue, log);
      })(),
    ]);
    const t = Date.now();
    // The ledger was loaded without FREEZE (partitioned): freeze it now, so index-only scans work at once.
    await a.query('VACUUM (FREEZE) spend_entries');
    await a.query('ANALYZE');
    log(`analyzed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await writeSeedInfo(a, database, { ...opts, largestOrganisationId: largest.id, largestOrganisationSlug: largest.slug, counts, loadSeconds: Math.round((Date.now() - started) / 1000) });
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
  // As the owner: a seed is not a tenant, and the scan over every organisation is a system job.
  if (scan) await initialScan(ownerUrl, ownerUrl);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: Error) => {
  console.error(`[seed:scale] failed: ${error.message}`);
  process.exit(1);
});
