import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, AuthGuard, PlatformModule } from '@app/platform';
import { SCHEMA } from '@app/schema';
import { AuditController } from './platform/audit.controller';
import { HealthController } from './platform/health.controller';
import { OrganisationController } from './platform/organisation.controller';
import { TokensController } from './platform/tokens.controller';
import { PeopleController } from './platform/people.controller';
import { MeController } from './platform/me.controller';
import { IdentityProviderController } from './platform/identity-provider.controller';
import { MembershipsController } from './platform/memberships.controller';
import { ProblemsController } from './platform/problems.controller';
import { PortfolioHttpModule } from './portfolio/portfolio-http.module';
import { KpisHttpModule } from './kpis/kpis-http.module';
import { FinanceHttpModule } from './finance/finance-http.module';
import { EngagementHttpModule } from './engagement/engagement-http.module';
import { IntegrationsHttpModule } from './integrations/integrations-http.module';
import { GovernanceHttpModule } from './governance/governance-http.module';
import { AccountabilityHttpModule } from './accountability/accountability-http.module';
import { ReportingHttpModule } from './reporting/reporting-http.module';
import { NotificationsHttpModule } from './notifications/notifications-http.module';
import { BenchController } from './bench/bench.controller';
import { BoardModule } from './board/board.module';
import { CapabilityHttpModule } from './capability/capability-http.module';
import { BenchmarksHttpModule } from './benchmarks/benchmarks-http.module';
import { DeliveryHttpModule } from './delivery/delivery-http.module';

/** The HTTP edge: controllers only; the domain lives in libs/. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [PlatformModule.forRoot(config, SCHEMA), PortfolioHttpModule, KpisHttpModule, FinanceHttpModule, EngagementHttpModule, IntegrationsHttpModule, GovernanceHttpModule, AccountabilityHttpModule, ReportingHttpModule, CapabilityHttpModule, BenchmarksHttpModule, DeliveryHttpModule, NotificationsHttpModule, BoardModule],
      controllers: [HealthController, ProblemsController, TokensController, AuditController, OrganisationController, PeopleController, MeController, IdentityProviderController, MembershipsController, ...(config.benchRoutes && config.nodeEnv !== 'production' ? [BenchController] : [])],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
