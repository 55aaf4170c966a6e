import type { DomainEventType } from '@app/platform';

/**
 * True when the organisation (a SQL expression) has an active webhook subscribed to the event type:
 * set-based emitters use it so organisations without subscribers get no outbox rows.
 */
export const subscribedToSql = (organisationId: string, type: DomainEventType): string =>
  `EXISTS (SELECT 1 FROM webhooks w WHERE w.organisation_id = ${organisationId} AND w.active AND w.deleted_at IS NULL AND '${type}' = ANY(w.events))`;
