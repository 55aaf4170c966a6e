import { Engagement1763800004000 } from './1763800004000-engagement';
import { EngagementCorrections1763800022100 } from './1763800022100-engagement-corrections';
import { StakeholderGroupExternalRefs1763800028010 } from './1763800028010-stakeholder-group-external-refs';
import { EvidenceDateIndexes1763800030100 } from './1763800030100-evidence-date-indexes';

/** The engagement area's migrations (TypeORM orders all migrations by their timestamp). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENGAGEMENT_MIGRATIONS: Function[] = [Engagement1763800004000, EngagementCorrections1763800022100, StakeholderGroupExternalRefs1763800028010, EvidenceDateIndexes1763800030100];
