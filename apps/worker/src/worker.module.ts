import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, DEFAULT_JOB_OPTIONS, PlatformModule, QUEUES } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { FinanceWorkerModule } from './finance/finance-worker.module';
import { IntegrationsWorkerModule } from './integrations/integrations-worker.module';
import { GovernanceWorkerModule } from './governance/governance-worker.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { BenchmarksWorkerModule } from './benchmarks/benchmarks-worker.module';
import { MaintenanceProcessor } from './maintenance.processor';
import { OutboxRelay } from './outbox-relay';
import { QueueRegistry } from './queue-registry';
import { ScheduleReconciler } from './schedules';

/** The worker: Bull processors, schedules and the outbox relay. No HTTP controllers. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, SCHEMA),
        BullModule.forRoot({ url: config.redisUrl, prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
        FinanceWorkerModule,
        IntegrationsWorkerModule,
        GovernanceWorkerModule,
        NotificationsWorkerModule,
        BenchmarksWorkerModule,
      ],
      providers: [QueueRegistry, ScheduleReconciler, OutboxRelay, MaintenanceProcessor],
    };
  }
}
