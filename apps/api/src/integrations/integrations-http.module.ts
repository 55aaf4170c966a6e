import { Module } from '@nestjs/common';
import { IntegrationsModule } from '@app/integrations';
import { WebhooksController } from './webhooks.controller';

@Module({ imports: [IntegrationsModule], controllers: [WebhooksController] })
export class IntegrationsHttpModule {}
