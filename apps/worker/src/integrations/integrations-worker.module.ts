import { Module } from '@nestjs/common';

/** Webhook fan-out and delivery jobs. Register the queues this module's processors use here. */
@Module({ imports: [], providers: [] })
export class IntegrationsWorkerModule {}
