import { TenantTx } from '@app/platform';

/**
 * A supplier's normalised name, in SQL so the register, imports and entries agree: lower case,
 * punctuation to spaces, the company suffix dropped ("Acme Digital Ltd." and "ACME DIGITAL LIMITED"
 * are one supplier), spaces collapsed. Falls back to the trimmed lower-case name if nothing is left.
 */
export const normalisedNameSql = (expr: string): string => `
  left(coalesce(nullif(btrim(regexp_replace(regexp_replace(regexp_replace(lower(${expr}), '[^[:alnum:]&]+', ' ', 'g'),
    '\\m(ltd|limited|plc|llp|llc|inc)\\M', ' ', 'g'), '\\s+', ' ', 'g')), ''), lower(btrim(${expr}))), 200)`;

/**
 * The SME status an entry counts as, over an entry `e` and its supplier `s` (LEFT JOINed): the
 * register's when it knows it, else what the sender stated, else unknown. Unknown is never "no".
 */
export const ENTRY_SME_STATUS_SQL = `CASE WHEN s.sme_status IN ('sme', 'not_sme') THEN s.sme_status
  WHEN e.sme_stated THEN CASE WHEN e.supplier_is_sme THEN 'sme' ELSE 'not_sme' END ELSE 'unknown' END`;

/**
 * Adds the staged rows' suppliers missing from the register (one row per normalised name, the name
 * as first written) and links every staged row to its supplier: two statements for the whole file.
 */
export async function linkStagedSuppliers(tx: TenantTx, staging: string): Promise<void> {
  await tx.query(
    `INSERT INTO suppliers (organisation_id, name, normalised_name)
     SELECT DISTINCT ON (n) $1::uuid, supplier, n FROM (SELECT supplier, line, ${normalisedNameSql('supplier')} AS n FROM ${staging}) r ORDER BY n, line
     ON CONFLICT ON CONSTRAINT uq_suppliers_organisation_id_normalised_name DO NOTHING`,
    [tx.organisationId],
  );
  await tx.query(
    `UPDATE ${staging} r SET supplier_id = s.id FROM suppliers s WHERE s.organisation_id = $1 AND s.normalised_name = ${normalisedNameSql('r.supplier')}`,
    [tx.organisationId],
  );
}

/** The register's supplier ids for these names (by normalised name), for entries sent one by one; names not in the register are absent. */
export async function supplierIdsByName(tx: TenantTx, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await tx.query<{ name: string; id: string }>(
    `SELECT u.name, s.id FROM unnest($2::varchar[]) AS u(name) JOIN suppliers s ON s.organisation_id = $1 AND s.normalised_name = ${normalisedNameSql('u.name')}`,
    [tx.organisationId, [...new Set(names)]],
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}
