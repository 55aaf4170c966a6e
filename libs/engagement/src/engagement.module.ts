import { Module } from '@nestjs/common';

/** The engagement domain: services and queries. No HTTP here. */
@Module({ providers: [], exports: [] })
export class EngagementModule {}
