export const PHASES = ['discovery', 'alpha', 'beta', 'live', 'retired'] as const;
export type Phase = (typeof PHASES)[number];

export const LIFECYCLE_STATUSES = ['active', 'paused', 'closed', 'archived'] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

/** Delivery confidence, best first; the index is the "step" used for trends and optimism gaps. */
export const DELIVERY_CONFIDENCE = ['green', 'amber_green', 'amber', 'amber_red', 'red'] as const;
export type DeliveryConfidence = (typeof DELIVERY_CONFIDENCE)[number];

export const RAG = ['green', 'amber', 'red'] as const;
export type Rag = (typeof RAG)[number];

export const DIMENSIONS = ['schedule', 'cost', 'scope', 'benefits', 'risk', 'resourcing'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const SUBJECT_TYPES = ['programme', 'project'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** A status report's sign-off: written as a draft, submitted for approval, approved (a return makes it a draft again). */
export const REPORT_STATES = ['draft', 'submitted', 'approved'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
