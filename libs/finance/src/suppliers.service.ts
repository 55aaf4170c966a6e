import { Injectable } from '@nestjs/common';
import { Actor, assertVersion, Cursor, Db, Page, PageQuery, pageSize, Problem, toPage } from '@app/platform';
import type { SmeStatus } from './finance.enums';
import { SupplierEntity } from './supplier.entity';
import { normalisedNameSql } from './supplier.queries';

export interface SupplierInput {
  name: string;
  companyNumber?: string | null;
  smeStatus?: SmeStatus;
}

export interface SupplierView {
  id: string;
  name: string;
  normalisedName: string;
  companyNumber: string | null;
  smeStatus: SmeStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const toSupplierView = (s: SupplierEntity): SupplierView => ({
  id: s.id,
  name: s.name,
  normalisedName: s.normalisedName,
  companyNumber: s.companyNumber,
  smeStatus: s.smeStatus,
  version: s.version,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

/** The supplier register: one supplier per normalised name; entries and commitments link to it, and its SME status decides SME share. */
@Injectable()
export class SuppliersService {
  constructor(private readonly db: Db) {}

  /** 201 with the new supplier; 409 `supplier_exists` (with its id) when the normalised name is taken. */
  create(actor: Actor, input: SupplierInput): Promise<SupplierView> {
    return this.db.tenant(actor, async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO suppliers (organisation_id, name, normalised_name, company_number, sme_status)
         VALUES ($1, $2, ${normalisedNameSql('$2::varchar')}, $3, $4)
         ON CONFLICT ON CONSTRAINT uq_suppliers_organisation_id_normalised_name DO NOTHING RETURNING id`,
        [tx.organisationId, input.name.trim(), input.companyNumber ?? null, input.smeStatus ?? 'unknown'],
      );
      if (!row) {
        const [existing] = await tx.query<{ id: string }>(`SELECT id FROM suppliers WHERE organisation_id = $1 AND normalised_name = ${normalisedNameSql('$2::varchar')}`, [tx.organisationId, input.name.trim()]);
        throw Problem.conflict('supplier_exists', 'the register already holds a supplier with this name (after normalising case, punctuation and company suffix)', { existingId: existing.id });
      }
      const view = toSupplierView((await tx.findOne(SupplierEntity, { id: row.id })) as SupplierEntity);
      await tx.audit({ action: 'supplier.created', entityType: 'supplier', entityId: view.id, after: view });
      return view;
    });
  }

  /** PATCH: SME status and company number (the name is the supplier's identity and stays). Needs the version read (If-Match). */
  update(actor: Actor, id: string, version: number, input: { smeStatus?: SmeStatus; companyNumber?: string | null }): Promise<SupplierView> {
    return this.db.tenant(actor, async (tx) => {
      const current = await tx.findOneForUpdate(SupplierEntity, { id });
      if (!current) throw Problem.notFound('supplier');
      assertVersion(version, current.version);
      const before = toSupplierView(current);
      await tx.query(
        `UPDATE suppliers SET sme_status = coalesce($3, sme_status), company_number = CASE WHEN $5 THEN $4 ELSE company_number END, version = version + 1, updated_at = now()
          WHERE organisation_id = $1 AND id = $2`,
        [tx.organisationId, id, input.smeStatus ?? null, input.companyNumber ?? null, input.companyNumber !== undefined],
      );
      const after = toSupplierView((await tx.findOne(SupplierEntity, { id })) as SupplierEntity);
      await tx.audit({ action: 'supplier.updated', entityType: 'supplier', entityId: id, before, after });
      return after;
    });
  }

  get(actor: Actor, id: string): Promise<SupplierView> {
    return this.db.tenant(actor, async (tx) => {
      const row = await tx.findOne(SupplierEntity, { id });
      if (!row) throw Problem.notFound('supplier');
      return toSupplierView(row);
    });
  }

  /** By normalised name; `name` finds suppliers whose normalised name contains it; `smeStatus` filters. */
  list(actor: Actor, filter: PageQuery & { name?: string; smeStatus?: string }): Promise<Page<SupplierView>> {
    const limit = pageSize(filter);
    const after = Cursor.decode(filter.cursor, 2);
    return this.db.tenant(actor, async (tx) => {
      const qb = tx.select(SupplierEntity, 's').orderBy('s.normalisedName', 'ASC').addOrderBy('s.id', 'ASC').take(limit + 1);
      if (filter.name) qb.andWhere(`strpos(s.normalised_name, ${normalisedNameSql(':name::varchar')}) > 0`, { name: filter.name });
      if (filter.smeStatus) qb.andWhere('s.smeStatus = :sme', { sme: filter.smeStatus });
      if (after) qb.andWhere('(s.normalised_name, s.id) > (:n::varchar, :id::uuid)', { n: after[0], id: after[1] });
      return toPage(await qb.getMany(), limit, (s) => [s.normalisedName, s.id], toSupplierView);
    });
  }
}
