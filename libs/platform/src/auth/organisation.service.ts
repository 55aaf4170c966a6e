import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, systemActor } from './actor';
import { OrganisationEntity } from './organisation.entity';
import { CreatedToken, TokenService } from './token.service';
import { Db } from '../database/db.service';
import { isUniqueViolation } from '../database/db-errors';
import { Problem } from '../errors/problem';
import { assertVersion } from '../http/if-match';
import { PersonEntity } from '../people/person.entity';

export interface OrganisationView {
  id: string;
  name: string;
  slug: string;
  financialYearStartMonth: number;
}

export const toOrganisationView = (o: OrganisationEntity): OrganisationView => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  financialYearStartMonth: o.financialYearStartMonth,
});

@Injectable()
export class OrganisationService {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
  ) {}

  /**
   * Bootstraps a tenant: the organisation and its first admin token, in one transaction. With an
   * admin email, the token belongs to that person (invited as admin; they sign in once the
   * organisation's identity provider is set).
   */
  async create(input: { name: string; slug: string; financialYearStartMonth?: number; admin?: { email: string; name?: string } }): Promise<{ organisation: OrganisationView; token: string; adminPersonId?: string }> {
    const adminEmail = input.admin?.email.trim().toLowerCase();
    if (adminEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) throw Problem.validation([{ field: 'adminEmail', message: 'the admin email must be an email address' }]);
    if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(input.slug)) {
      throw Problem.validation([{ field: 'slug', message: 'slug must be lower-case letters, digits and hyphens, up to 64 characters' }]);
    }
    if (!input.name.trim() || input.name.length > 200) {
      throw Problem.validation([{ field: 'name', message: 'name must be 1 to 200 characters' }]);
    }
    try {
      // The id is chosen first and bound to the transaction, so row-level security admits the new rows.
      const id = randomUUID();
      return await this.db.tenant(systemActor(id, 'bootstrap'), async (tx) => {
        const manager = tx.manager;
        await manager.insert(OrganisationEntity, { id, name: input.name.trim(), slug: input.slug, financialYearStartMonth: input.financialYearStartMonth ?? 4 });
        const inserted = (await manager.findOneBy(OrganisationEntity, { id })) as OrganisationEntity;
        await tx.audit({ action: 'organisation.created', entityType: 'organisation', entityId: inserted.id, after: toOrganisationView(inserted) });
        let personId: string | undefined;
        if (adminEmail) {
          const person = await tx.insert(PersonEntity, { email: adminEmail, name: input.admin?.name?.trim() || adminEmail.split('@')[0], roles: ['admin'], status: 'invited', subject: null });
          await tx.audit({ action: 'person.invited', entityType: 'person', entityId: person.id, after: { email: person.email, name: person.name, roles: person.roles, status: person.status } });
          personId = person.id;
        }
        const token: CreatedToken = await this.tokens.createIn(tx, { name: 'bootstrap admin', scopes: ['admin'], personId });
        return { organisation: toOrganisationView(inserted), token: token.token, ...(personId ? { adminPersonId: personId } : {}) };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_organisations_slug')) throw Problem.conflict('slug_taken', `an organisation with slug "${input.slug}" already exists`);
      throw error;
    }
  }

  /**
   * Changes the organisation's settings under If-Match: the financial-year start month and one
   * named section of `settings` (each section is validated by the area that owns it).
   */
  updateSettings(actor: Actor, expectedVersion: number, patch: { financialYearStartMonth?: number; section?: { name: string; values: Record<string, unknown> } }): Promise<OrganisationEntity> {
    return this.db.tenant(actor, async (tx) => {
      const org = await tx.manager.findOne(OrganisationEntity, { where: { id: tx.organisationId }, lock: { mode: 'pessimistic_write' } });
      if (!org) throw Problem.notFound('organisation');
      assertVersion(expectedVersion, org.version);
      const before = { financialYearStartMonth: org.financialYearStartMonth, settings: org.settings };
      const settings = patch.section ? { ...org.settings, [patch.section.name]: { ...((org.settings[patch.section.name] as object) ?? {}), ...patch.section.values } } : org.settings;
      await tx.manager.update(OrganisationEntity, { id: org.id }, { financialYearStartMonth: patch.financialYearStartMonth ?? org.financialYearStartMonth, settings: settings as never });
      const updated = (await tx.manager.findOneBy(OrganisationEntity, { id: org.id })) as OrganisationEntity;
      await tx.audit({ action: 'organisation.settings_updated', entityType: 'organisation', entityId: org.id, before, after: { financialYearStartMonth: updated.financialYearStartMonth, settings: updated.settings } });
      return updated;
    });
  }

  /** The organisation itself, read as that organisation (row-level security admits only it). */
  async get(id: string): Promise<OrganisationEntity> {
    const org = await this.db.tenant(systemActor(id, 'read'), (tx) => tx.manager.findOneBy(OrganisationEntity, { id }));
    if (!org) throw Problem.notFound('organisation');
    return org;
  }
}
