import { Module } from '@nestjs/common';

/** The kpis domain: services and queries. No HTTP here. */
@Module({ providers: [], exports: [] })
export class KpisModule {}
