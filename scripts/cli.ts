import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig, OrganisationService, Problem } from '@app/platform';
import { cliContext } from './bootstrap-context';

const USAGE = 'usage: npm run --silent cli -- create-organisation --name "Demo Council" --slug demo [--fy-start-month 4]';

/** Operator commands. Each prints one JSON object on stdout, so scripts can use the result. */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'create-organisation') throw new Error(USAGE);
  const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, slug: { type: 'string' }, 'fy-start-month': { type: 'string' } } });
  if (!values.name || !values.slug) throw new Error(USAGE);
  const app = await cliContext(loadConfig());
  try {
    const month = values['fy-start-month'] ? Number(values['fy-start-month']) : undefined;
    const result = await app.get(OrganisationService).create({ name: values.name, slug: values.slug, financialYearStartMonth: month });
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
