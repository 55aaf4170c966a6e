import { Module } from '@nestjs/common';
import { Db, IdentityProviderService, MembershipsService, PeopleService } from '@app/platform';
import { DEMO_CLIENT, DEMO_DOMAIN, DEMO_MEMBERSHIPS, DEMO_OWNERS, DEMO_PEOPLE } from './demo-people';
import { DEMO_IDP_PORT } from './identity-provider-main';
import type { DemoSeeder } from './seed';

/** People and sign-in live in the platform, which every context already has. */
@Module({})
class DemoPeopleModule {}

/**
 * The demo's identity provider (the local one `npm run demo` starts), its people invited with their
 * roles, and an owner and members for every programme and project.
 */
export const peopleSeeder: DemoSeeder = {
  name: 'people',
  module: DemoPeopleModule,
  async seed(app, actor, log) {
    await app.get(IdentityProviderService).put(actor, null, { issuer: `http://127.0.0.1:${DEMO_IDP_PORT}`, ...DEMO_CLIENT, allowedDomains: [DEMO_DOMAIN] });
    const ids = new Map<string, string>();
    for (const person of [...DEMO_PEOPLE, ...DEMO_OWNERS.map((o) => ({ ...o, roles: ['viewer' as const] }))]) {
      ids.set(person.email, (await app.get(PeopleService).invite(actor, { email: person.email, name: person.name, roles: person.roles })).id);
    }
    const rows = await app
      .get(Db)
      .tenant(actor, (tx) => tx.query<{ id: string; code: string; kind: string }>(`SELECT id, code, 'programme' AS kind FROM programmes WHERE organisation_id = $1 UNION ALL SELECT id, code, 'project' FROM projects WHERE organisation_id = $1`, [tx.organisationId]));
    const byCode = new Map(rows.map((r) => [`${r.kind}:${r.code}`, r.id]));
    for (const m of DEMO_MEMBERSHIPS) {
      await app.get(MembershipsService).add(actor, {
        personId: ids.get(m.email) as string,
        role: m.role,
        programmeId: m.programme ? byCode.get(`programme:${m.programme}`) : undefined,
        projectId: m.project ? byCode.get(`project:${m.project}`) : undefined,
      });
    }
    log(`people: ${ids.size} invited, ${DEMO_MEMBERSHIPS.length} memberships (an SRO and a manager for every programme and project); sign-in through the local identity provider`);
  },
};
