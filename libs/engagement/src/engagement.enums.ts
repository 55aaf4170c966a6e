export const GROUP_KINDS = ['citizens', 'service_users', 'frontline_staff', 'back_office_staff', 'leadership', 'suppliers', 'partners'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** Members of the public: always external. Their co-design is counted apart (only 12% of bodies do it). */
export const PUBLIC_GROUP_KINDS: readonly GroupKind[] = ['citizens', 'service_users'];
/** The organisation's own people: always internal, so buy-in and training evidence is about them. */
export const STAFF_GROUP_KINDS: readonly GroupKind[] = ['frontline_staff', 'back_office_staff', 'leadership'];

export const ENGAGEMENT_KINDS = ['user_research', 'usability_test', 'survey', 'consultation', 'co_design', 'feedback_review'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const BUY_IN_TRENDS = ['improving', 'same', 'worsening'] as const;
export type BuyInTrend = (typeof BUY_IN_TRENDS)[number];

export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Why a kind and an internal flag disagree, or null when they fit together. */
export function kindInternalMismatch(kind: GroupKind, internal: boolean): string | null {
  if (internal && PUBLIC_GROUP_KINDS.includes(kind)) return `${kind} are external to the organisation; set internal to false`;
  if (!internal && STAFF_GROUP_KINDS.includes(kind)) return `${kind} are internal to the organisation; set internal to true`;
  return null;
}
