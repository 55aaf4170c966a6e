import 'reflect-metadata';
import { Db, loadConfig, OrganisationService, systemActor, TokenService } from '@app/platform';
import { cliContext } from './bootstrap-context';
import { DEMO_SEEDERS } from './demo/seed';
import { DEMO_MODULES } from './demo/modules';
import { DEMO_PEOPLE } from './demo/demo-people';

/**
 * Creates the demo organisation with realistic data the first time, and on every run prints a fresh
 * admin token and the URLs to try. Safe to run again.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await cliContext(config, DEMO_MODULES);
  const log = (line: string) => console.log(`  ${line}`);
  try {
    const existing: { id: string }[] = await app.get(Db).dataSource.query(`SELECT id FROM organisations WHERE slug = 'demo'`);
    let organisationId: string;
    let token: string;
    if (existing.length === 0) {
      const created = await app.get(OrganisationService).create({ name: 'Demo Council', slug: 'demo' });
      organisationId = created.organisation.id;
      token = created.token;
      console.log('Seeding demo data for "Demo Council":');
      const actor = systemActor(organisationId, 'demo seed');
      for (const seeder of DEMO_SEEDERS) {
        await seeder.seed(app, actor, log);
      }
    } else {
      organisationId = existing[0].id;
      token = (await app.get(TokenService).create(systemActor(organisationId, 'demo'), { name: `demo admin ${new Date().toISOString()}`, scopes: ['admin'] })).token;
      console.log('The demo organisation already exists; issued a fresh admin token.');
    }
    const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
    console.log(`
Demo organisation: Demo Council (slug demo, id ${organisationId})
Admin token (shown once): ${token}

Try:
  ${base}/board/sign-in?organisation=demo   the board: sign in as one of the demo people at the local identity provider
${DEMO_PEOPLE.map((p) => `      ${p.name.padEnd(12)} ${p.title} (${p.roles.join(', ')})`).join('\n')}
  http://127.0.0.1:${process.env.DEMO_MAIL_PORT ?? 1080}            the email each demo person was sent (also as .eml files in demo-mail/)
  ${base}/docs                        API documentation
  ${base}/health/ready                readiness
  curl -H "Authorization: Bearer ${token}" ${base}/v1/organisation
`);
  } finally {
    await app.close();
  }
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
