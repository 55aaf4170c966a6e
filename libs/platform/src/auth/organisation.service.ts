import { Injectable } from '@nestjs/common';
import { systemActor } from './actor';
import { OrganisationEntity } from './organisation.entity';
import { CreatedToken, TokenService } from './token.service';
import { Db } from '../database/db.service';
import { isUniqueViolation } from '../database/db-errors';
import { TenantTx } from '../database/tenant-tx';
import { Problem } from '../errors/problem';

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

  /** Bootstraps a tenant: the organisation and its first admin token, in one transaction. */
  async create(input: { name: string; slug: string; financialYearStartMonth?: number }): Promise<{ organisation: OrganisationView; token: string }> {
    if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(input.slug)) {
      throw Problem.validation([{ field: 'slug', message: 'slug must be lower-case letters, digits and hyphens, up to 64 characters' }]);
    }
    if (!input.name.trim() || input.name.length > 200) {
      throw Problem.validation([{ field: 'name', message: 'name must be 1 to 200 characters' }]);
    }
    try {
      return await this.db.system(async (manager) => {
        const inserted = await manager.getRepository(OrganisationEntity).save(
          manager.create(OrganisationEntity, { name: input.name.trim(), slug: input.slug, financialYearStartMonth: input.financialYearStartMonth ?? 4 }),
        );
        await manager.query(`SELECT set_config('app.organisation_id', $1, true)`, [inserted.id]);
        const tx = new TenantTx(manager, systemActor(inserted.id, 'bootstrap'));
        await tx.audit({ action: 'organisation.created', entityType: 'organisation', entityId: inserted.id, after: toOrganisationView(inserted) });
        const token: CreatedToken = await this.tokens.createIn(tx, { name: 'bootstrap admin', scopes: ['admin'] });
        return { organisation: toOrganisationView(inserted), token: token.token };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_organisations_slug')) throw Problem.conflict('slug_taken', `an organisation with slug "${input.slug}" already exists`);
      throw error;
    }
  }

  async get(id: string): Promise<OrganisationEntity> {
    const org = await this.db.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
    if (!org) throw Problem.notFound('organisation');
    return org;
  }
}
