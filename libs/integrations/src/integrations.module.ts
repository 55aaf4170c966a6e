import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions and deliveries. No HTTP server here (the dispatcher is an HTTP client). */
@Module({ providers: [WebhooksService, WebhookDispatcher], exports: [WebhooksService, WebhookDispatcher] })
export class IntegrationsModule {}
