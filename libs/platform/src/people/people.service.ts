import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { hasScope, Scope } from '../auth/scopes';
import { Db } from '../database/db.service';
import { isUniqueViolation } from '../database/db-errors';
import { TenantTx } from '../database/tenant-tx';
import { Problem } from '../errors/problem';
import { assertVersion } from '../http/if-match';
import { Cursor, Page, PageQuery, pageSize, toPage } from '../http/pagination';
import { PersonEntity } from './person.entity';
import { OrganisationRole } from './roles';

export interface PersonView {
  id: string;
  email: string;
  name: string;
  status: string;
  roles: string[];
  lastSignInAt: string | null;
  deactivatedAt: string | null;
  version: number;
  createdAt: string;
}

export const toPersonView = (p: PersonEntity): PersonView => ({
  id: p.id,
  email: p.email,
  name: p.name,
  status: p.status,
  roles: p.roles,
  lastSignInAt: p.lastSignInAt ? p.lastSignInAt.toISOString() : null,
  deactivatedAt: p.deactivatedAt ? p.deactivatedAt.toISOString() : null,
  version: p.version,
  createdAt: p.createdAt.toISOString(),
});

/** What the caller may do, in words a client can branch on (GET /v1/me). */
export interface MeView {
  organisationId: string;
  person: { id: string; name: string; email: string; roles: string[] } | null;
  token: { id: string } | null;
  via: 'session' | 'token';
  scopes: Scope[];
  can: Record<'readPortfolio' | 'writePortfolio' | 'writeKpis' | 'writeFinance' | 'writeEngagement' | 'writeGovernance' | 'administer', boolean>;
}

/** People in an organisation: invitations, roles, deactivation, and who the caller is. */
@Injectable()
export class PeopleService {
  constructor(private readonly db: Db) {}

  list(actor: Actor, query: PageQuery & { status?: string }): Promise<Page<PersonView>> {
    const limit = pageSize(query);
    const after = Cursor.decode(query.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(PersonEntity, 'p').orderBy('p.email', 'ASC').addOrderBy('p.id', 'ASC').take(limit + 1);
      if (query.status) qb.andWhere('p.status = :status', { status: query.status });
      if (after) qb.andWhere('(p.email, p.id) > (:email, :id::uuid)', { email: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (p) => [p.email, p.id], toPersonView);
    });
  }

  get(actor: Actor, id: string): Promise<PersonView> {
    return this.db.tenant(actor, async (tx) => {
      const person = await tx.findOne(PersonEntity, { id });
      if (!person) throw Problem.notFound('person');
      return toPersonView(person);
    });
  }

  /** Invites someone by email: they become active at their first sign-in through the provider. */
  invite(actor: Actor, input: { email: string; name?: string; roles?: OrganisationRole[] }): Promise<PersonView> {
    const email = input.email.trim().toLowerCase();
    return this.db.tenant(actor, async (tx) => {
      try {
        const person = await this.insertIn(tx, { email, name: input.name?.trim() || email.split('@')[0], roles: input.roles?.length ? input.roles : ['viewer'], status: 'invited' });
        return toPersonView(person);
      } catch (error) {
        if (isUniqueViolation(error, 'uq_people_organisation_id_email')) throw Problem.conflict('person_exists', `${email} is already a person in this organisation`);
        throw error;
      }
    });
  }

  async insertIn(tx: TenantTx, values: { email: string; name: string; roles: string[]; status: string; subject?: string | null; lastSignInAt?: Date | null }): Promise<PersonEntity> {
    const person = await tx.insert(PersonEntity, { subject: null, ...values });
    await tx.audit({ action: values.status === 'invited' ? 'person.invited' : 'person.created', entityType: 'person', entityId: person.id, after: { email: person.email, name: person.name, roles: person.roles, status: person.status } });
    return person;
  }

  /** Changes a person's organisation roles (If-Match); an admin cannot remove their own admin role. */
  updateRoles(actor: Actor, id: string, expectedVersion: number, roles: OrganisationRole[]): Promise<PersonView> {
    return this.db.tenant(actor, async (tx) => {
      const person = await tx.findOneForUpdate(PersonEntity, { id });
      if (!person) throw Problem.notFound('person');
      assertVersion(expectedVersion, person.version);
      if (person.id === actor.personId && person.roles.includes('admin') && !roles.includes('admin')) {
        throw Problem.conflict('own_admin_role', 'you cannot remove your own admin role; ask another admin');
      }
      await tx.manager.update(PersonEntity, { organisationId: tx.organisationId, id }, { roles: [...new Set(roles)] });
      const updated = (await tx.findOne(PersonEntity, { id })) as PersonEntity;
      await tx.audit({ action: 'person.roles_changed', entityType: 'person', entityId: id, before: { roles: person.roles }, after: { roles: updated.roles } });
      return toPersonView(updated);
    });
  }

  /**
   * Deactivates a person at once: their board sessions are deleted and their tokens revoked in the
   * same transaction (and the token and session look-ups refuse anyone not active in any case).
   */
  deactivate(actor: Actor, id: string): Promise<PersonView> {
    return this.db.tenant(actor, async (tx) => {
      const person = await tx.findOneForUpdate(PersonEntity, { id });
      if (!person) throw Problem.notFound('person');
      if (person.id === actor.personId) throw Problem.conflict('own_account', 'you cannot deactivate yourself; ask another admin');
      if (person.status !== 'deactivated') {
        await tx.manager.update(PersonEntity, { organisationId: tx.organisationId, id }, { status: 'deactivated', deactivatedAt: () => 'now()' });
        const [sessions, tokens] = await Promise.all([
          tx.query<{ id: string }>(`DELETE FROM board_sessions WHERE organisation_id = $1 AND person_id = $2 RETURNING id`, [tx.organisationId, id]),
          tx.query<{ id: string }>(`UPDATE api_tokens SET revoked_at = now() WHERE organisation_id = $1 AND person_id = $2 AND revoked_at IS NULL RETURNING id`, [tx.organisationId, id]),
        ]);
        await tx.audit({ action: 'person.deactivated', entityType: 'person', entityId: id, before: { status: person.status }, after: { status: 'deactivated', sessionsEnded: sessions.length, tokensRevoked: tokens.map((t) => t.id) } });
      }
      return toPersonView((await tx.findOne(PersonEntity, { id })) as PersonEntity);
    });
  }

  async me(actor: Actor): Promise<MeView> {
    const person = actor.personId ? await this.db.tenant(actor, (tx) => tx.findOne(PersonEntity, { id: actor.personId as string })) : null;
    const can = (scope: Scope) => hasScope(actor.scopes, scope);
    return {
      organisationId: actor.organisationId,
      person: person ? { id: person.id, name: person.name, email: person.email, roles: person.roles } : null,
      token: actor.tokenId ? { id: actor.tokenId } : null,
      via: actor.sessionId ? 'session' : 'token',
      scopes: [...actor.scopes],
      can: {
        readPortfolio: can('portfolio:read'),
        writePortfolio: can('portfolio:write'),
        writeKpis: can('kpis:write'),
        writeFinance: can('finance:write'),
        writeEngagement: can('engagement:write'),
        writeGovernance: can('governance:write'),
        administer: can('admin'),
      },
    };
  }
}
