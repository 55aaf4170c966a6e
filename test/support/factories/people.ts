import { MembershipRole, PeopleService, systemActor, TokenService } from '@app/platform';
import type { TestContext, TestOrg } from '../test-app';

export interface TestPerson {
  id: string;
  email: string;
  name: string;
  /** A personal token: its person's roles and memberships decide what it may do. */
  token: string;
}

let seq = 0;

/** A person with organisation roles, memberships (role on a programme or project) and a personal token. */
export async function insertPerson(
  ctx: TestContext,
  org: TestOrg,
  input: { name: string; roles?: string[]; memberships?: { role: MembershipRole; programmeId?: string; projectId?: string }[] },
): Promise<TestPerson> {
  const admin = systemActor(org.id, 'test');
  const email = `${input.name.toLowerCase().replace(/[^a-z]+/g, '.')}.${++seq}@people.gov.uk`;
  const created = await ctx.app.get(PeopleService).invite(admin, { email, name: input.name, roles: (input.roles ?? ['viewer']) as never });
  // Signed in before: active, as a board session requires.
  await ctx.db.query(`UPDATE people SET status = 'active' WHERE id = $1`, [created.id]);
  for (const m of input.memberships ?? []) {
    await ctx.db.query(`INSERT INTO memberships (organisation_id, person_id, role, programme_id, project_id) VALUES ($1, $2, $3, $4, $5)`, [org.id, created.id, m.role, m.programmeId ?? null, m.projectId ?? null]);
  }
  const { token } = await ctx.app.get(TokenService).create(admin, { name: `${input.name} token`, scopes: ['admin'], personId: created.id });
  return { id: created.id, email, name: input.name, token };
}
