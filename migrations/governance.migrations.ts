import { Governance1763800005000 } from './1763800005000-governance';
import { ScheduledScanKey1763800005200 } from './1763800005200-scheduled-scan-key';
import { OrganisationScanMarks1763800009200 } from './1763800009200-organisation-scan-marks';
import { MergedScanRequests1763800009300 } from './1763800009300-merged-scan-requests';
import { ScanParts1763800009500 } from './1763800009500-scan-parts';
import { EvidenceReadModel1763800010000 } from './1763800010000-evidence-read-model';
import { EvidenceVisibility1763800016500 } from './1763800016500-evidence-visibility';
import { EvidenceMarksWithoutWaiting1763800016600 } from './1763800016600-evidence-marks-without-waiting';
import { FlagAcceptance1763800018100 } from './1763800018100-flag-acceptance';
import { IncrementalScans1763800027500 } from './1763800027500-incremental-scans';
import { EvidenceRollupColumns1763800030200 } from './1763800030200-evidence-rollup-columns';
import { KpiChangeDays1763800030300 } from './1763800030300-kpi-change-days';

export const GOVERNANCE_MIGRATIONS = [Governance1763800005000, ScheduledScanKey1763800005200, OrganisationScanMarks1763800009200, MergedScanRequests1763800009300, ScanParts1763800009500, EvidenceReadModel1763800010000, EvidenceVisibility1763800016500, EvidenceMarksWithoutWaiting1763800016600, FlagAcceptance1763800018100, IncrementalScans1763800027500, EvidenceRollupColumns1763800030200, KpiChangeDays1763800030300];
