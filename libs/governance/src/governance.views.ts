import { todayInLondon } from '@app/platform';
import { evidenceAsOf } from './flag-evidence';
import { ruleOf } from './governance.enums';
import { FlagEntity } from './flag.entity';
import { GovernanceScanEntity } from './governance-scan.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The open flag was seen by every full scan of its organisation since it was raised, the last at `scannedAt`. */
const lastSeen = (f: FlagEntity, scannedAt: Date | null): Date => (f.status !== 'resolved' && scannedAt && scannedAt > f.lastSeenAt ? scannedAt : f.lastSeenAt);

export const toFlagView = (f: FlagEntity, scannedAt: Date | null = null) => ({
  id: f.id,
  rule: f.rule,
  title: ruleOf(f.rule)?.title ?? f.rule,
  severity: f.severity,
  status: f.status,
  subjectType: f.subjectType,
  projectId: f.projectId,
  programmeId: f.programmeId,
  // An open flag's counts of days are brought to today (a scan leaves them when only the calendar moved).
  evidence: f.status === 'resolved' ? f.evidence : evidenceAsOf(f.evidence, todayInLondon()),
  details: f.details,
  firstRaisedAt: iso(f.firstRaisedAt),
  lastSeenAt: iso(lastSeen(f, scannedAt)),
  resolvedAt: iso(f.resolvedAt),
  acknowledgement: f.acknowledgedAt ? { at: iso(f.acknowledgedAt), by: f.acknowledgedBy, byPersonId: f.acknowledgedByPersonId ?? null, note: f.acknowledgementNote } : null,
  acceptance: f.acceptedAt
    ? { until: f.acceptedUntil, reason: f.acceptanceReason, at: iso(f.acceptedAt), by: f.acceptedBy, byPersonId: f.acceptedByPersonId ?? null, lapsed: f.status !== 'accepted' }
    : null,
  version: f.version,
});

export const toScanView = (s: GovernanceScanEntity) => ({
  id: s.id,
  trigger: s.trigger,
  status: s.status,
  requestedBy: s.requestedBy,
  createdAt: iso(s.createdAt),
  startedAt: iso(s.startedAt),
  finishedAt: iso(s.finishedAt),
  counts: { projectsScanned: s.projectsScanned, raised: s.raised, refreshed: s.refreshed, resolved: s.resolved },
  error: s.error,
});

export type FlagView = ReturnType<typeof toFlagView>;
export type ScanView = ReturnType<typeof toScanView>;
