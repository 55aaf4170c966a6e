import { Module } from '@nestjs/common';
import { AcceptanceReminders } from './acceptance-reminders';
import { CoverageService } from './coverage.service';
import { EvidenceRefresh } from './evidence/evidence-refresh.service';
import { FlagsService } from './flags.service';
import { RatingService } from './rating.service';
import { ScanService } from './scan.service';
import { ScheduledScans } from './scheduled-scans';

/** Rules, scans, flags, the evidence-based rating and coverage. */
@Module({
  providers: [AcceptanceReminders, ScanService, ScheduledScans, FlagsService, RatingService, CoverageService, EvidenceRefresh],
  exports: [AcceptanceReminders, ScanService, ScheduledScans, FlagsService, RatingService, CoverageService, EvidenceRefresh],
})
export class GovernanceModule {}
