import { Module } from '@nestjs/common';

/** Webhook subscriptions and deliveries. No HTTP here. */
@Module({ providers: [], exports: [] })
export class IntegrationsModule {}
