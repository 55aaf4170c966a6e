import { Module } from '@nestjs/common';
import { SESSION_AUTHENTICATOR } from '@app/platform';
import { PortfolioModule } from '@app/portfolio';
import { KpisModule } from '@app/kpis';
import { EngagementModule } from '@app/engagement';
import { FinanceModule } from '@app/finance';
import { GovernanceModule } from '@app/governance';
import { AccountabilityModule } from '@app/accountability';
import { BoardReadModule, ReportingModule } from '@app/reporting';
import { CapabilityModule } from '@app/capability';
import { BenchmarksModule } from '@app/benchmarks';
import { DeliveryModule } from '@app/delivery';
import { ObjectivePageController } from './objective-page.controller';
import { BoardExceptionFilter } from './board-exception.filter';
import { BoardRenderer } from './board-renderer';
import { BoardSessionAuthenticator } from './board-session';
import { PortfolioPageController } from './portfolio-page.controller';
import { SignInController } from './sign-in.controller';
import { ProjectPageController } from './project-page.controller';
import { CoveragePageController } from './coverage-page.controller';
import { PackPageController } from './pack-page.controller';
import { NotificationsPageController } from './notifications-page.controller';
import { NotificationsModule } from '@app/notifications';
import { BenchmarksPageController } from './benchmarks-page.controller';
import { FlagsPageController } from './flags-page.controller';
import { BrandController } from './brand.controller';
import { BrandingController } from './branding.controller';
import { ExportsController } from './exports.controller';
import { PackPrinter } from './exports/pack-printer';
import { PackBuilder } from './pack-builder';
import { MeasurementFormsController } from './measurement-forms.controller';
import { EngagementFormsController } from './engagement-forms.controller';
import { StatusReportFormsController } from './status-report-forms.controller';
import { HomePageController } from './home-page.controller';
import { EvidenceFormsController } from './evidence-forms.controller';
import { RecordCorrectionsController } from './record-corrections.controller';
import { FlagActionsController } from './flag-actions.controller';
import { SpendUploadController } from './spend-upload.controller';

/**
 * The board dashboard: server-rendered GOV.UK pages over the areas' services. It registers the
 * session authenticator the global AuthGuard uses for @BoardPage routes.
 */
@Module({
  imports: [PortfolioModule, KpisModule, EngagementModule, FinanceModule, GovernanceModule, AccountabilityModule, ReportingModule, BoardReadModule, NotificationsModule, CapabilityModule, BenchmarksModule, DeliveryModule],
  controllers: [SignInController, PortfolioPageController, ProjectPageController, CoveragePageController, PackPageController, FlagsPageController, BrandController, BrandingController, ExportsController, NotificationsPageController, BenchmarksPageController, MeasurementFormsController, EngagementFormsController, StatusReportFormsController, HomePageController, EvidenceFormsController, RecordCorrectionsController, FlagActionsController, SpendUploadController, ObjectivePageController],
  providers: [BoardRenderer, PackPrinter, PackBuilder, BoardExceptionFilter, BoardSessionAuthenticator, { provide: SESSION_AUTHENTICATOR, useExisting: BoardSessionAuthenticator }],
  exports: [SESSION_AUTHENTICATOR],
})
export class BoardModule {}
