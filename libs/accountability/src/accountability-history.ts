import { TenantTx } from '@app/platform';
import { AccountabilityEventEntity } from './accountability-event.entity';
import { RaidKind } from './accountability.enums';

type Fields = Record<string, unknown>;

/** Field-by-field differences between two views (unchanged fields and bookkeeping left out). */
export function changesBetween(before: Fields | null, after: Fields): Record<string, { from: unknown; to: unknown }> {
  const skip = new Set(['version', 'updatedAt', 'createdAt']);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    if (skip.has(key)) continue;
    const from = before ? before[key] : null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/** Keeps one change of a record in its history, in the write's own transaction. */
export async function recordHistory(tx: TenantTx, itemType: RaidKind, item: { id: string; programmeId: string }, before: Fields | null, after: Fields): Promise<void> {
  const changes = changesBetween(before, after);
  if (before && Object.keys(changes).length === 0) return;
  await tx.insert(AccountabilityEventEntity, {
    programmeId: item.programmeId,
    itemType,
    itemId: item.id,
    kind: before ? 'updated' : 'created',
    actor: tx.actor.name.slice(0, 100),
    actorPersonId: tx.actor.personId ?? null,
    changes,
  });
}

export interface HistoryEntry {
  kind: 'created' | 'updated';
  actor: string;
  actorPersonId: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  at: string;
}

export async function historyOf(tx: TenantTx, itemType: RaidKind, itemId: string): Promise<HistoryEntry[]> {
  const rows = await tx.find(AccountabilityEventEntity, { where: { itemType, itemId }, order: { seq: 'ASC' } });
  return rows.map((e) => ({ kind: e.kind, actor: e.actor, actorPersonId: e.actorPersonId, changes: e.changes, at: e.occurredAt.toISOString() }));
}
