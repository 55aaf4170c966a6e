import { Module } from '@nestjs/common';

/** The finance domain: services and queries. No HTTP here. */
@Module({ providers: [], exports: [] })
export class FinanceModule {}
