import { Governance1763800005000 } from './1763800005000-governance';
import { ScheduledScanKey1763800005200 } from './1763800005200-scheduled-scan-key';

export const GOVERNANCE_MIGRATIONS = [Governance1763800005000, ScheduledScanKey1763800005200];
