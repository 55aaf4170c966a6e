import { Problem, TenantTx } from '@app/platform';

export interface ExternalRef {
  externalSource?: string | null;
  externalId?: string | null;
}

/** Both or neither: an id means nothing without the tool that issued it. */
export function checkExternalRef(ref: ExternalRef): { source: string | null; id: string | null } {
  const source = ref.externalSource ?? null;
  const id = ref.externalId ?? null;
  if ((source === null) !== (id === null)) {
    const field = source === null ? 'externalSource' : 'externalId';
    throw Problem.validation([{ field, message: 'externalSource and externalId go together: send both or neither' }]);
  }
  return { source, id };
}

/**
 * Runs an INSERT ... ON CONFLICT (organisation_id, external_source, external_id) DO NOTHING
 * RETURNING id. Two identical posts racing both reach here: the unique constraint lets one insert
 * and makes the other wait for it and then insert nothing, so it reads the winner's row instead.
 * Returns the new row's id, or null when the external ref was already taken.
 */
export async function insertOnce(tx: TenantTx, sql: string, params: unknown[]): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(sql, params);
  return rows[0]?.id ?? null;
}
