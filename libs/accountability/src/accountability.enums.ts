/** Text enums of the accountability area (varchar + CHECK in the database). */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** What an owner is named for, and the role the name carries. */
export const OWNED_SUBJECTS = ['programme', 'project', 'kpi'] as const;
export type OwnedSubject = (typeof OWNED_SUBJECTS)[number];
export const OWNER_ROLE: Record<OwnedSubject, string> = { programme: 'sro', project: 'project_manager', kpi: 'kpi_owner' };

export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** What an action hangs off. */
export const ACTION_PARENTS = ['flag', 'risk', 'issue', 'decision', 'status_report'] as const;
export type ActionParent = (typeof ACTION_PARENTS)[number];

export const RISK_STATUSES = ['open', 'closed', 'occurred'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** When a risk could materialise, as boards usually grade it. */
export const PROXIMITIES = ['imminent', 'within_3_months', 'within_6_months', 'beyond_6_months'] as const;
export type Proximity = (typeof PROXIMITIES)[number];

export const ISSUE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];
export const ISSUE_STATUSES = ['open', 'resolved'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const DECISION_STATUSES = ['awaited', 'made', 'withdrawn'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const DEPENDENCY_STATUSES = ['open', 'met', 'cancelled'] as const;
export type DependencyStatus = (typeof DEPENDENCY_STATUSES)[number];

/** The kinds of record whose every change is kept in accountability_events. */
export const RAID_KINDS = ['action', 'risk', 'issue', 'decision', 'dependency'] as const;
export type RaidKind = (typeof RAID_KINDS)[number];

/** A risk's score is likelihood times impact; at or above this it is high. */
export const HIGH_RISK_SCORE = 15;
