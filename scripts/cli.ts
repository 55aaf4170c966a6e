import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Db, loadConfig, OrganisationService, Problem, verifyAuditChains } from '@app/platform';
import { cliContext } from './bootstrap-context';

const USAGE = 'usage: npm run --silent cli -- create-organisation --name "Demo Council" --slug demo [--fy-start-month 4] [--admin-email you@council.gov.uk [--admin-name "Your Name"]] | verify-audit [--organisation <id>]';

/** Recomputes the audit hash chains; exits 2 and names the first altered row if one is broken. */
async function verifyAudit(rest: string[]): Promise<void> {
  const { values } = parseArgs({ args: rest, options: { organisation: { type: 'string' } } });
  const app = await cliContext(loadConfig());
  try {
    const ds = app.get(Db).dataSource;
    const reports = await verifyAuditChains((sql, params) => ds.query(sql, params), values.organisation);
    const broken = reports.filter((r) => !r.ok);
    process.stdout.write(`${JSON.stringify({ ok: broken.length === 0, organisations: reports.length, rows: reports.reduce((n, r) => n + r.rows, 0), broken })}\n`);
    if (broken.length) process.exitCode = 2;
  } finally {
    await app.close();
  }
}

/** Operator commands. Each prints one JSON object on stdout, so scripts can use the result. */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'verify-audit') return verifyAudit(rest);
  if (command !== 'create-organisation') throw new Error(USAGE);
  const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, slug: { type: 'string' }, 'fy-start-month': { type: 'string' }, 'admin-email': { type: 'string' }, 'admin-name': { type: 'string' } } });
  if (!values.name || !values.slug) throw new Error(USAGE);
  const app = await cliContext(loadConfig());
  try {
    const month = values['fy-start-month'] ? Number(values['fy-start-month']) : undefined;
    const admin = values['admin-email'] ? { email: values['admin-email'], name: values['admin-name'] } : undefined;
    const result = await app.get(OrganisationService).create({ name: values.name, slug: values.slug, financialYearStartMonth: month, admin });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  const message = error instanceof Problem ? error.message : error.message;
  process.stderr.write(`${JSON.stringify({ error: message })}\n`);
  process.exit(1);
});
