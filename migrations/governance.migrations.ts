import { Governance1763800005000 } from './1763800005000-governance';
import { ScheduledScanKey1763800005200 } from './1763800005200-scheduled-scan-key';
import { OrganisationScanMarks1763800009200 } from './1763800009200-organisation-scan-marks';
import { EvidenceReadModel1763800010000 } from './1763800010000-evidence-read-model';

export const GOVERNANCE_MIGRATIONS = [Governance1763800005000, ScheduledScanKey1763800005200, OrganisationScanMarks1763800009200, EvidenceReadModel1763800010000];
