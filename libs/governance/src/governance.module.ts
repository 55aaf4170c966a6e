import { Module } from '@nestjs/common';
import { CoverageService } from './coverage.service';
import { FlagsService } from './flags.service';
import { RatingService } from './rating.service';
import { ScanService } from './scan.service';

/** Rules, scans, flags, the evidence-based rating and coverage. */
@Module({
  providers: [ScanService, FlagsService, RatingService, CoverageService],
  exports: [ScanService, FlagsService, RatingService, CoverageService],
})
export class GovernanceModule {}
