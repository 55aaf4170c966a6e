import { Module } from '@nestjs/common';
import { SpendLedgerService } from './spend-ledger.service';
import { SpendReadsService } from './spend-reads.service';

const SERVICES = [SpendLedgerService, SpendReadsService];

/** The finance domain: services and queries. No HTTP here. */
@Module({ providers: SERVICES, exports: SERVICES })
export class FinanceModule {}
