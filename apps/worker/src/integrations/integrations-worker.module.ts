import { Module } from '@nestjs/common';
import { IntegrationsModule } from '@app/integrations';
import { WebhooksProcessor } from './webhooks.processor';

/** Webhook fan-out and delivery jobs, on the webhooks queue the worker module registers. */
@Module({ imports: [IntegrationsModule], providers: [WebhooksProcessor] })
export class IntegrationsWorkerModule {}
