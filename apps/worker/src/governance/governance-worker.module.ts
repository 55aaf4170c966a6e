import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/platform';
import { GovernanceModule } from '@app/governance';
import { GovernanceProcessor } from './governance.processor';

@Module({ imports: [GovernanceModule, BullModule.registerQueue({ name: QUEUES.governance })], providers: [GovernanceProcessor] })
export class GovernanceWorkerModule {}
