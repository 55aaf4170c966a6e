import { Module } from '@nestjs/common';
import { IdentityProviderService, PeopleService } from '@app/platform';
import { DEMO_CLIENT, DEMO_DOMAIN, DEMO_PEOPLE } from './demo-people';
import { DEMO_IDP_PORT } from './identity-provider-main';
import type { DemoSeeder } from './seed';

/** People and sign-in live in the platform, which every context already has. */
@Module({})
class DemoPeopleModule {}

/** The demo's identity provider (the local one `npm run demo` starts) and its people, invited with their roles. */
export const peopleSeeder: DemoSeeder = {
  name: 'people',
  module: DemoPeopleModule,
  async seed(app, actor, log) {
    await app.get(IdentityProviderService).put(actor, null, { issuer: `http://127.0.0.1:${DEMO_IDP_PORT}`, ...DEMO_CLIENT, allowedDomains: [DEMO_DOMAIN] });
    for (const person of DEMO_PEOPLE) await app.get(PeopleService).invite(actor, { email: person.email, name: person.name, roles: person.roles });
    log(`people: ${DEMO_PEOPLE.length} invited (${DEMO_PEOPLE.map((p) => p.name).join(', ')}); sign-in through the local identity provider`);
  },
};
