import { EntityTarget, FindOptionsWhere } from 'typeorm';
import { Problem } from '../errors/problem';
import { assertVersion } from '../http/if-match';
import { TenantTx } from './tenant-tx';

interface Versioned {
  id: string;
  organisationId: string;
  version: number;
}

export interface VersionedUpdate<T, V> {
  /** Human name for 404s, e.g. "programme". */
  what: string;
  /** Audit entity type, e.g. "programme"; the action is `<entityType>.updated`. */
  entityType: string;
  view: (row: T) => V;
  /** Checks the merged row (cross-field rules such as end not before start); throw a Problem to refuse. */
  check?: (merged: T) => void;
}

/**
 * Optimistic concurrency in one place: lock the row, compare the caller's If-Match version, apply
 * only the fields that change (the version and updated_at move only then), audit before and after.
 */
export async function updateVersioned<T extends Versioned, V>(tx: TenantTx, entity: EntityTarget<T>, id: string, expectedVersion: number, patch: Partial<T>, options: VersionedUpdate<T, V>): Promise<T> {
  const row = await tx.findOneForUpdate(entity, { id } as FindOptionsWhere<T>);
  if (!row) throw Problem.notFound(options.what);
  assertVersion(expectedVersion, row.version);
  const changes = Object.fromEntries(Object.entries(patch).filter(([key, value]) => value !== undefined && (row as Record<string, unknown>)[key] !== value)) as Partial<T>;
  if (Object.keys(changes).length === 0) return row;
  const merged = { ...row, ...changes };
  options.check?.(merged);
  const before = options.view(row);
  await tx.manager.update(entity, { id, organisationId: tx.organisationId } as FindOptionsWhere<T>, changes as never);
  const updated = (await tx.findOne(entity, { id } as FindOptionsWhere<T>)) as T;
  await tx.audit({ action: `${options.entityType}.updated`, entityType: options.entityType, entityId: id, before, after: options.view(updated) });
  return updated;
}
