import { FieldError, Problem, TenantTx } from '@app/platform';
import { CorrectableRecordType, EngagementRecordVersionEntity } from './engagement-record-version.entity';

export const MAX_REASON_LENGTH = 2000;

export interface RecordVersionView {
  version: number;
  data: Record<string, unknown>;
  change: 'corrected' | 'withdrawn';
  reason: string | null;
  changedBy: { name: string; personId: string | null };
  changedAt: string;
}

/** A record as it stands (null once withdrawn) and its earlier versions, newest first. */
export interface RecordHistory<V> {
  id: string;
  current: V | null;
  versions: RecordVersionView[];
}

/** The reason a correction or withdrawal must give. */
export function requireReason(reason: unknown): string {
  const errors: FieldError[] = [];
  if (typeof reason !== 'string' || reason.trim() === '') errors.push({ field: 'reason', message: 'reason is required: say why the record is being changed' });
  else if (reason.length > MAX_REASON_LENGTH) errors.push({ field: 'reason', message: `reason must be at most ${MAX_REASON_LENGTH} characters` });
  if (errors.length) throw Problem.validation(errors);
  return (reason as string).trim();
}

/** Keeps a record's view as it is now, before it is corrected or withdrawn, with who and why. */
export async function keepVersion(
  tx: TenantTx,
  type: CorrectableRecordType,
  record: { id: string; projectId: string; version: number },
  view: object,
  change: 'corrected' | 'withdrawn',
  reason: string | null,
): Promise<void> {
  await tx.insert(EngagementRecordVersionEntity, {
    recordType: type,
    recordId: record.id,
    projectId: record.projectId,
    version: record.version,
    data: JSON.parse(JSON.stringify(view)) as Record<string, unknown>,
    change,
    reason,
    changedBy: tx.actor.name,
    changedByPersonId: tx.actor.personId ?? null,
  });
}

export async function listVersions(tx: TenantTx, type: CorrectableRecordType, id: string): Promise<RecordVersionView[]> {
  const rows = await tx.find(EngagementRecordVersionEntity, { where: { recordType: type, recordId: id }, order: { changedAt: 'DESC', version: 'DESC' } });
  return rows.map((v) => ({
    version: v.version,
    data: v.data,
    change: v.change,
    reason: v.reason,
    changedBy: { name: v.changedBy, personId: v.changedByPersonId },
    changedAt: v.changedAt.toISOString(),
  }));
}

/** 404 when neither the record nor any earlier version of it is the organisation's. */
export async function historyOf<V>(tx: TenantTx, type: CorrectableRecordType, id: string, current: V | null, what: string): Promise<RecordHistory<V>> {
  const versions = await listVersions(tx, type, id);
  if (!current && versions.length === 0) throw Problem.notFound(what);
  return { id, current, versions };
}
