import type { WebhookAttemptEntity } from './webhook-attempt.entity';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity';
import type { WebhookEntity } from './webhook.entity';

export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
  totalFailures: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  deletedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Returned by create and rotate only: the one time the secret is shown. */
export interface WebhookWithSecret extends WebhookView {
  secret: string;
}

export interface DeliveryView {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastResponseSnippet: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttemptView {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseSnippet: string | null;
  error: string | null;
  succeeded: boolean;
}

export interface DeliveryDetailView extends DeliveryView {
  body: unknown;
  attemptLog: AttemptView[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const toWebhookView = (w: WebhookEntity): WebhookView => ({
  id: w.id,
  url: w.url,
  events: [...w.events],
  description: w.description,
  active: w.active,
  disabledReason: w.disabledReason,
  consecutiveFailures: w.consecutiveFailures,
  totalFailures: w.totalFailures,
  lastSuccessAt: iso(w.lastSuccessAt),
  lastFailureAt: iso(w.lastFailureAt),
  deletedAt: iso(w.deletedAt),
  version: w.version,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

export const toDeliveryView = (d: WebhookDeliveryEntity): DeliveryView => ({
  id: d.id,
  webhookId: d.webhookId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastResponseSnippet: d.lastResponseSnippet,
  lastError: d.lastError,
  nextAttemptAt: iso(d.nextAttemptAt),
  deliveredAt: iso(d.deliveredAt),
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

export const toAttemptView = (a: WebhookAttemptEntity): AttemptView => ({
  attempt: a.attempt,
  startedAt: a.startedAt.toISOString(),
  durationMs: a.durationMs,
  statusCode: a.statusCode,
  responseSnippet: a.responseSnippet,
  error: a.error,
  succeeded: a.succeeded,
});
