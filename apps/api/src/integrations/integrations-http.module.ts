import { Module } from '@nestjs/common';
import { IntegrationsModule } from '@app/integrations';

@Module({ imports: [IntegrationsModule], controllers: [] })
export class IntegrationsHttpModule {}
