/**
 * The kinds of notification a person can receive, each with its own preference. `action_*` and
 * `acceptance_lapsing` are sent by the accountability area through `notify(...)`.
 */
export const NOTIFICATION_KINDS = [
  'critical_flag',
  'report_awaiting_approval',
  'report_returned',
  'report_due',
  'report_late',
  'action_assigned',
  'action_due',
  'acceptance_lapsing',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each kind is called in preferences, digests and unsubscribe pages. */
export const KIND_TITLES: Record<NotificationKind | 'digest', string> = {
  critical_flag: 'New critical flags',
  report_awaiting_approval: 'Status reports awaiting your approval',
  report_returned: 'Status reports returned to you',
  report_due: 'Status reports due',
  report_late: 'Status reports late',
  action_assigned: 'Actions assigned to you',
  action_due: 'Actions due or overdue',
  acceptance_lapsing: 'Flag acceptances about to lapse',
  digest: 'Weekly digest',
};

/** `immediate`: one email per event; `digest`: gathered into the weekly email; `off`: unsubscribed. */
export const DELIVERY_MODES = ['immediate', 'digest', 'off'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** pending: to send; sent; skipped: the person turned the kind off, or it went into a digest; failed: gave up. */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'digested', 'skipped', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
